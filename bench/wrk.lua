-- wrk script for bench/load.py: an optional request body, and the summary as one JSON line.
-- Input:  environment WRK_BODY_FILE (a file whose bytes are POSTed) and WRK_CONTENT_TYPE;
--         WRK_ACCEPT (the Accept header).
-- Output: on stdout, after wrk's own report, a line "WRKJSON {...}" with requests, duration,
--         bytes, errors by kind (status = answers other than 2xx/3xx) and latency in µs.
local body_file = os.getenv("WRK_BODY_FILE")
if body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  wrk.body = f:read("*a")
  f:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = os.getenv("WRK_CONTENT_TYPE") or "application/sparql-query"
end
local accept = os.getenv("WRK_ACCEPT")
if accept and accept ~= "" then
  wrk.headers["Accept"] = accept
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,"min_us":%d,"max_us":%d,' ..
    '"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.min, latency.max, latency.mean))
end
