import AdaPertCLI
import Logging
import Model

LoggingSystem.bootstrap(StreamLogHandler.standardError)
// Before MPI and any BLAS call: re-executes with OPENBLAS_CORETYPE set when OpenBLAS picked kernels far below
// this CPU and the user set none (one log line); otherwise returns at once.
BLASKernel.selectBestCore { Logger(label: "adapert").notice("\($0)") }
AdaPertCommand.runFromCommandLine()
