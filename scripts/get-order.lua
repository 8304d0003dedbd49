-- wrk script: GET /api/orders/{ORDER_ID} with a bearer token (env TOKEN).
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
