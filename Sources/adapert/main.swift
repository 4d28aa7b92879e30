import DistTrain
