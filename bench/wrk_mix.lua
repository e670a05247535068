-- Each request the next path from a file (wrk ... -s wrk_mix.lua URL -- paths.txt): a distinct URL each time.
dofile(os.getenv("BENCH_DIR") .. "/wrk_report.lua")

local paths = {}
local counter = 0

init = function(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
end

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[((counter - 1) % #paths) + 1])
end
