import Basics

// Entry point. `docent serve` writes only protocol frames to stdout; every other command may print there.
AllocatorTuning.apply()
let status = await DocentCLI.main(Array(CommandLine.arguments.dropFirst()))
terminateProcess(status)
