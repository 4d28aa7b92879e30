import Core
import Foundation

/// Gene symbols of an .h5ad's genes: the var index, or a symbol column when the index holds Ensembl ids.
extension AnnDataFile {
    /// var columns that hold gene symbols in common layouts, in order of preference.
    public static let symbolColumns = ["gene_symbol", "gene_symbols", "feature_name", "gene_name", "symbol",
                                       "gene_short_name", "gene"]

    /// Symbols from `column` when given; otherwise the var index, unless most index entries look like
    /// Ensembl ids (`ENSG00000...`) and a symbol column exists, which is then used.
    /// Returns the column used (nil for the index) and one symbol per gene.
    /// Symbols must be non-empty and unique (the model keys genes and graph nodes by symbol): anything else
    /// is an error naming the file, the column and the first offending gene.
    public func geneSymbols(column: String? = nil) throws -> (column: String?, symbols: [String]) {
        let chosen = try symbolSource(column: column)
        try Self.checkUnique(chosen.symbols, file: path, column: chosen.column)
        return chosen
    }

    private func symbolSource(column: String?) throws -> (column: String?, symbols: [String]) {
        if let column {
            return (column, try `var`.textColumn(column).map { $0 ?? "" })
        }
        let index = try varNames()
        let ensembl = index.filter(Self.looksLikeEnsemblID).count
        guard ensembl * 2 > index.count,
              let symbolColumn = Self.symbolColumns.first(where: { `var`.hasColumn($0) }),
              try `var`.column(symbolColumn).isText else {
            return (nil, index)
        }
        return (symbolColumn, try `var`.textColumn(symbolColumn).map { $0 ?? "" })
    }

    static func checkUnique(_ symbols: [String], file: String, column: String?) throws {
        let source = column.map { "var column '\($0)'" } ?? "the var index"
        var first: [String: Int] = [:]
        for (i, symbol) in symbols.enumerated() {
            if symbol.trimmingCharacters(in: .whitespaces).isEmpty {
                throw AdaPertError("\(file): gene \(i) has an empty symbol in \(source); give every gene a name "
                    + "(or drop the unnamed genes) and write the file again")
            }
            if let earlier = first.updateValue(i, forKey: symbol) {
                throw AdaPertError("\(file): gene symbol '\(symbol)' appears twice in \(source) (genes \(earlier) and \(i)); "
                    + "make the names unique (anndata: adata.var_names_make_unique()) or drop the duplicates")
            }
        }
    }

    /// `ENS` + optional species letters + `G` + digits, optionally a `.version`.
    static func looksLikeEnsemblID(_ name: String) -> Bool {
        guard name.hasPrefix("ENS") else { return false }
        var rest = name.dropFirst(3).prefix { $0 != "." }
        while let c = rest.first, c.isUppercase, c != "G" { rest = rest.dropFirst() }
        guard rest.first == "G" else { return false }
        rest = rest.dropFirst()
        return !rest.isEmpty && rest.allSatisfy(\.isNumber)
    }
}
