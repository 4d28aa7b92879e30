import CHDF5

/// Names of HDF5 compression filters users meet in .h5ad files (registered plugin ids).
enum HDF5Filters {
    static func name(of filter: H5Z_filter_t) -> String {
        switch filter {
        case 1: return "gzip"
        case 2: return "shuffle"
        case 3: return "fletcher32"
        case 4: return "szip"
        case 32000: return "lzf"
        case 32001: return "blosc"
        case 32004: return "lz4"
        case 32008: return "bitshuffle"
        case 32015: return "zstd"
        default: return "HDF5 filter \(filter)"
        }
    }
}
