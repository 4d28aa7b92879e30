import DistTrain

AdaPertCommand.main()
