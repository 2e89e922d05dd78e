-- Replays pre-signed KMS requests (one per line: body TAB name TAB value ...) round-robin, and prints a JSON result line in done().

local requests = {}

-- BENCH_PAUSE_MS > 0: each connection waits that long after a response before its next request (latency is timed
-- from the write, so the pause is not in it). Defined only then: wrk schedules a timer per request when delay() exists.
local pause = tonumber(os.getenv("BENCH_PAUSE_MS") or "")
if pause and pause > 0 then
  function delay() return pause end
end
local counter = 0

-- wrk.format sets Host and Content-Length itself; use its spelling so the signed values are not sent twice.
local canonical = { ["host"] = "Host", ["content-length"] = "Content-Length" }

function init(args)
  local path = args[1] or os.getenv("BENCH_REQUESTS_FILE")
  local file = assert(io.open(path, "r"), "cannot open requests file " .. tostring(path))
  for line in file:lines() do
    if #line > 0 then
      local fields = {}
      for field in string.gmatch(line, "[^\t]+") do fields[#fields + 1] = field end
      local headers = {}
      for i = 2, #fields - 1, 2 do
        local name = fields[i]
        headers[canonical[string.lower(name)] or name] = fields[i + 1]
      end
      requests[#requests + 1] = wrk.format("POST", "/", headers, fields[1])
    end
  end
  file:close()
  assert(#requests > 0, "no requests in " .. path)
end

function request()
  counter = counter + 1
  return requests[(counter % #requests) + 1]
end

function done(summary, latency, _requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"rps":%.3f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
