import PopBenchCore
print("popbench")
