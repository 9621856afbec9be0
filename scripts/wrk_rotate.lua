-- wrk script for `make load`: each connection walks through the paths listed, one per
-- line, in the file named by WRK_PATHS, and every response is counted by status class.
-- wrk itself reports "Non-2xx or 3xx responses"; this adds how many were 5xx.

local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  -- Threads start at different places, so the first requests are not all the same page.
  thread:set("start", counter * 7)
  threads[#threads + 1] = thread
end

function init(args)
  index = start
  server_errors = 0
  client_errors = 0
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  elseif status >= 400 then
    client_errors = client_errors + 1
  end
end

function done(summary, latency, requests)
  local fives, fours = 0, 0
  for _, thread in ipairs(threads) do
    fives = fives + thread:get("server_errors")
    fours = fours + thread:get("client_errors")
  end
  io.write(string.format("5xx responses: %d\n4xx responses: %d\n", fives, fours))
  io.write(string.format("Paths rotated: %d\n", #paths))
end
