-- wrk script: POST /api/orders with a bearer token (env TOKEN) and a unique
-- Idempotency-Key per request, so every request creates an order.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"lines":[{"item":"pizza","quantity":2,"options":[{"group":"size","choice":"large"},{"group":"topping","choice":"mushrooms","amount":"extra"}],"without":[{"group":"topping","choice":"onions"}]},{"item":"coke","quantity":1}]}'
local counter = 0
local thread_id = tostring(math.random(1, 1e9))
request = function()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = thread_id .. "-" .. counter
  return wrk.format()
end
