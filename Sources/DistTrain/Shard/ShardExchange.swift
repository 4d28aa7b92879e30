import AnnData

/// Builds each rank's `TrainingShard` from its contiguous row slice: every rank reads its slice chunk by
/// chunk, normalises the rows, keeps the selected genes, and sends each perturbation cell to the rank that
/// owns the perturbation with one `alltoallv` per chunk round; control cells stay where they were read.
/// A rank holds at most one chunk of its slice plus its shard, so memory grows with the shard, not the file
/// (the per-group statistics are computed from the shard afterwards: `ShardStatistics`). Rows that stay on their rank (its control cells
/// and the cells of perturbations it owns) skip the encoding and take the place of the rank's own block.
public enum ShardExchange {
    public static func build<Reader: RowReader>(
        source: RowRangeSource<Reader>, plan: ShardPlan, controlGroup: Int32,
        normalizer: Log1pNormalizer, genes: GeneSubset, comm: some Communicator
    ) throws -> TrainingShard {
        var shard = TrainingShard(geneCount: genes.count)
        try reserve(&shard, source: source, plan: plan, controlGroup: controlGroup, genes: genes, comm: comm)
        let rounds = try comm.allreduce(Int64(source.chunkCount), .max)
        for k in 0..<Int(rounds) {
            var outgoing = [[UInt32]](repeating: [], count: comm.size)
            var staying: [Int] = [], stayingChunk = CSRMatrix(nCols: genes.count), firstRow = 0
            var groups: [Int32] = []
            if k < source.chunkCount {
                let (rows, raw, chunkGroups) = try source.chunk(k)
                groups = chunkGroups
                firstRow = rows.lowerBound
                let chunk = restrict(normalizer.normalize(raw), to: genes)
                for (offset, group) in groups.enumerated() where group >= 0 {
                    let destination = group == controlGroup ? comm.rank : plan.owner[Int(group)]
                    if destination == comm.rank {
                        staying.append(offset)
                    } else {
                        RowCodec.encode(row: offset, of: chunk, globalRow: rows.lowerBound + offset, group: group,
                                        into: &outgoing[destination])
                    }
                }
                stayingChunk = staying.count == chunk.nRows ? chunk : chunk.rows(staying)
            }
            for (rank, block) in try comm.alltoallv(outgoing).enumerated() {
                if rank == comm.rank {
                    shard.append(stayingChunk, globalRows: staying.map { firstRow + $0 }, groups: staying.map { groups[$0] })
                } else {
                    let decoded = RowCodec.decode(block, columns: genes.count)
                    shard.append(decoded.matrix, globalRows: decoded.globalRows, groups: decoded.groups)
                }
            }
        }
        shard.sortGroups()
        return shard
    }

    /// Sizes the shard before any row arrives, when the reader knows its rows' stored values (a sparse row
    /// matrix's indptr): each rank counts the rows and values its slice sends to every rank, one Int64
    /// allreduce gives every rank its totals, and the shard reserves them (at most rows x selected genes
    /// values), so that it never grows by copying: growing a 600 MB shard by doubling touches up to twice
    /// its size at the moment of the copy. Without the counts the shard grows as the rows come.
    static func reserve<Reader: RowReader>(_ shard: inout TrainingShard, source: RowRangeSource<Reader>, plan: ShardPlan,
                                           controlGroup: Int32, genes: GeneSubset, comm: some Communicator) throws {
        let counts = try source.reader.storedValueCounts(source.rows)
        var incoming = [Int64](repeating: 0, count: 2 * comm.size + 1)
        incoming[2 * comm.size] = counts == nil ? 1 : 0
        for (offset, row) in source.rows.enumerated() {
            let group = source.groups[row]
            guard group >= 0 else { continue }
            let destination = group == controlGroup ? comm.rank : plan.owner[Int(group)]
            incoming[2 * destination] += 1
            incoming[2 * destination + 1] += Int64(min(counts?[offset] ?? 0, genes.count))
        }
        try comm.allreduceSum(&incoming)
        guard incoming[2 * comm.size] == 0 else { return }
        shard.reserveCapacity(rows: Int(incoming[2 * comm.rank]), values: Int(incoming[2 * comm.rank + 1]))
    }

    /// The chunk's values in the selected genes only, re-indexed to the selection's order (the chunk itself
    /// when every gene is selected); rows of a subset come out sorted by column, as before.
    static func restrict(_ chunk: CSRMatrix, to genes: GeneSubset) -> CSRMatrix {
        if genes.count == genes.outputIndex.count { return chunk }
        var indptr: [Int64] = [0]
        var indices: [Int32] = [], values: [Float] = []
        indices.reserveCapacity(chunk.indices.count)
        values.reserveCapacity(chunk.values.count)
        for r in 0..<chunk.nRows {
            let start = indices.count
            for k in Int(chunk.indptr[r])..<Int(chunk.indptr[r + 1]) {
                let j = genes.outputIndex[Int(chunk.indices[k])]
                if j >= 0 { indices.append(j); values.append(chunk.values[k]) }
            }
            if !indices[start...].indices.dropFirst().allSatisfy({ indices[$0 - 1] < indices[$0] }) {
                let sorted = zip(indices[start...], values[start...]).sorted { $0.0 < $1.0 }
                indices.replaceSubrange(start..., with: sorted.map(\.0))
                values.replaceSubrange(start..., with: sorted.map(\.1))
            }
            indptr.append(Int64(indices.count))
        }
        return CSRMatrix(nRows: chunk.nRows, nCols: genes.count, indptr: indptr, indices: indices, values: values)
    }
}

/// Rows packed into 32-bit words for `alltoallv`: global row (two words), group, nnz, nnz column indices,
/// nnz Float bit patterns.
enum RowCodec {
    static func encode(row r: Int, of matrix: CSRMatrix, globalRow: Int, group: Int32, into words: inout [UInt32]) {
        let (cols, vals) = matrix.row(r)
        words.append(UInt32(truncatingIfNeeded: globalRow))
        words.append(UInt32(truncatingIfNeeded: globalRow >> 32))
        words.append(UInt32(bitPattern: group))
        words.append(UInt32(cols.count))
        words += cols.map { UInt32(bitPattern: $0) }
        words += vals.map(\.bitPattern)
    }

    /// Rows unpacked from the words of `encode`, in the order they were packed.
    struct Rows {
        let matrix: CSRMatrix
        let globalRows: [Int]
        let groups: [Int32]
    }

    static func decode(_ words: [UInt32], columns: Int) -> Rows {
        var indptr: [Int64] = [0], indices: [Int32] = [], values: [Float] = []
        var globalRows: [Int] = [], groups: [Int32] = []
        var i = 0
        while i < words.count {
            globalRows.append(Int(words[i]) | Int(words[i + 1]) << 32)
            groups.append(Int32(bitPattern: words[i + 2]))
            let nnz = Int(words[i + 3])
            i += 4
            indices += words[i..<(i + nnz)].map { Int32(bitPattern: $0) }
            values += words[(i + nnz)..<(i + 2 * nnz)].map { Float(bitPattern: $0) }
            i += 2 * nnz
            indptr.append(Int64(indices.count))
        }
        let matrix = CSRMatrix(nRows: groups.count, nCols: columns, indptr: indptr, indices: indices, values: values)
        return Rows(matrix: matrix, globalRows: globalRows, groups: groups)
    }
}
