import AdaPertCLI
import Logging

LoggingSystem.bootstrap(StreamLogHandler.standardError)
AdaPertCommand.main()
