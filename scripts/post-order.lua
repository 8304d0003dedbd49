-- wrk script: POST /api/orders with a bearer token (env TOKEN) and a unique
-- Idempotency-Key per request, so every request creates an order.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"lines":[{"item":"pizza","quantity":2,"options":[{"group":"size","choice":"large"},{"group":"topping","choice":"mushrooms","amount":"extra"}],"without":[{"group":"topping","choice":"onions"}]},{"item":"coke","quantity":1}]}'
-- Each wrk thread has its own Lua state: number them in setup() so keys never repeat.
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
local counter = 0
request = function()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = tid .. "-" .. counter
  return wrk.format()
end
