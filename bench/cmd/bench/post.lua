-- Creates replies through the API: POST /api/v1/threads/{id}/replies
-- with a bearer token, spread over the threads in BENCH_THREADS.
local token = os.getenv("BENCH_TOKEN")
local paths = {}
for id in string.gmatch(os.getenv("BENCH_THREADS"), "[0-9]+") do
  paths[#paths + 1] = "/api/v1/threads/" .. id .. "/replies"
end
local body = '{"body":"Thank you, this helped. We tried the same schedule and **sleep got better** within two weeks."}'
local n = 0

init = function(args)
  n = math.random(#paths)
end

request = function()
  n = n % #paths + 1
  return wrk.format("POST", paths[n], {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end
