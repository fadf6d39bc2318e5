-- Creates replies through the API: POST /api/v1/threads/{id}/replies
-- with a bearer token, spread over the threads in BENCH_THREADS. Bodies
-- differ from one reply to the next, as members' do (the spam guard
-- looks for a member repeating themselves).
local token = os.getenv("BENCH_TOKEN")
local paths = {}
for id in string.gmatch(os.getenv("BENCH_THREADS"), "[0-9]+") do
  paths[#paths + 1] = "/api/v1/threads/" .. id .. "/replies"
end
local openers = {
  "Thank you, this helped.",
  "Same here, for what it is worth.",
  "We had a similar month last year.",
  "Our nurse said much the same.",
  "This is good to read tonight.",
}
local middles = {
  "We tried the same schedule and **sleep got better** within two weeks.",
  "Writing everything down in a small notebook made the next visit calmer.",
  "Taking it with food made a real difference for us.",
  "The first fortnight was the hardest, then it eased.",
}
local closers = {
  "Hang in there.",
  "Wishing you a quiet week.",
  "Let us know how it goes.",
}
local n, seq = 0, 0
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end

init = function(args)
  seq = id * 7
  n = id % #paths
end

request = function()
  n = n % #paths + 1
  seq = seq + 1
  -- 60 different bodies, no digits (the privacy guard would ask about
  -- a long number).
  local body = string.format('{"body":"%s %s %s"}', openers[seq % #openers + 1], middles[seq % #middles + 1], closers[seq % #closers + 1])
  return wrk.format("POST", paths[n], {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end
