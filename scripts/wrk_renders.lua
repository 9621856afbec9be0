-- wrk script for `make bench`'s hot page: counts the responses that were rendered for
-- the request (X-Page-Cache: miss) rather than served from the page cache.

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  renders = 0
end

function response(status, headers, body)
  if headers["X-Page-Cache"] == "miss" then
    renders = renders + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("renders")
  end
  io.write(string.format("Renders: %d\n", total))
end
