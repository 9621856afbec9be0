-- wrk script for `make bench`'s hostile row: every request carries a made-up session
-- cookie and a random query string (tracking parameters and unknown ones), as a reader
-- trying to get past the page cache would send them.

local alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
local tracking = {"utm_source", "utm_medium", "utm_campaign", "fbclid", "gclid", "mc_cid",
                  "mc_eid", "ref", "_ga", "igshid"}
local threads = {}

local function token(length)
  local characters = {}
  for i = 1, length do
    local at = math.random(#alphabet)
    characters[i] = alphabet:sub(at, at)
  end
  return table.concat(characters)
end

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  math.randomseed(os.time() + #threads * 7919)
  hits = 0
end

function request()
  local query = tracking[math.random(#tracking)] .. "=" .. token(10) .. "&" .. token(6)
    .. "=" .. token(8)
  local headers = {Cookie = "sessionid=" .. token(32) .. "; csrftoken=" .. token(32)}
  return wrk.format("GET", wrk.path .. "?" .. query, headers)
end

function response(status, headers, body)
  if headers["X-Page-Cache"] == "hit" then
    hits = hits + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("hits")
  end
  io.write(string.format("Cache hits: %d\n", total))
end
