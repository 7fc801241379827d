-- Like meta.lua at a steady rate of RATE events/s (default 500), sent on a fixed schedule: request k is due
-- at start + k/RATE, and a connection that is free waits only until the next due time. With more
-- connections than the rate needs (32 for 500/s at a few ms each), every request leaves on time, so a slow
-- answer does not slow the offered rate down (the closed-loop "pause after each answer" did) and the
-- measured rate says whether the desk kept up. Latency is counted from the actual send.
dofile(debug.getinfo(1, "S").source:sub(2):gsub("meta%-paced%.lua$", "meta.lua"))
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_usec; } pace_timeval;
  int gettimeofday(pace_timeval *tv, void *tz);
]]
local rate = tonumber(os.getenv("RATE") or "500")
local interval = 1000 / rate
local due = nil

local function now_ms()
  local t = ffi.new("pace_timeval")
  ffi.C.gettimeofday(t, nil)
  return tonumber(t.tv_sec) * 1000 + tonumber(t.tv_usec) / 1000
end

function delay()
  local now = now_ms()
  if due == nil then due = now end
  due = due + interval
  local wait = due - now
  if wait < 0 then return 0 end
  return math.floor(wait)
end
