import DistTrain
import Logging

LoggingSystem.bootstrap(StreamLogHandler.standardError)
AdaPertCommand.main()
