import CSV
import Foundation

/// A comma-separated table as AdaPert writes and reads it (results.csv, metrics.csv, deltas CSVs): a header
/// row, then rows of the same width. RFC 4180 by the CSV package: a field holding a comma, a quote or a
/// line break is quoted with its quotes doubled; every other field is written as it is.
public struct CSVTable: Equatable, Sendable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The table as text: one line per row, `\n` after each.
    public func text() -> String {
        ([header] + rows).map(Self.line).joined()
    }

    /// One row as a line of text, `\n` included.
    public static func line(_ fields: [String]) -> String {
        let stream = OutputStream(toMemory: ())
        // Writing Strings to memory cannot fail: the writer's errors (unopenable or full streams) do not arise.
        let writer = try! CSVWriter(stream: stream)
        try! writer.write(row: fields)
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Parses `text`; `file` names it in errors. Every row must have the header's width.
    public static func parse(_ text: String, file: String) throws -> CSVTable {
        guard !text.isEmpty else { throw AdaPertError("\(file) is empty; rewrite it with the adapert command that made it, or remove it") }
        let reader: CSVReader
        do { reader = try CSVReader(string: text, hasHeaderRow: true) } catch {
            throw AdaPertError("\(file): not a readable CSV table (\(error)); rewrite it with the adapert command that made it")
        }
        let header = reader.headerRow ?? []
        guard !header.isEmpty else { throw AdaPertError("\(file): no header row; rewrite it with the adapert command that made it") }
        var rows: [[String]] = []
        while let row = reader.next() {
            guard row.count == header.count else {
                throw AdaPertError("\(file): line \(rows.count + 2) has \(row.count) fields, the header \(header.count); "
                    + "rewrite it with the adapert command that made it")
            }
            rows.append(row)
        }
        if let error = reader.error {
            throw AdaPertError("\(file): not a readable CSV table (\(error)); rewrite it with the adapert command that made it")
        }
        return CSVTable(header: header, rows: rows)
    }

    /// Reads and parses the file at `path`.
    public static func read(path: String) throws -> CSVTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AdaPertError("\(path): missing or unreadable; check the path")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    /// The index of column `name`, or an error naming the file and the column.
    public func column(_ name: String, file: String) throws -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw AdaPertError("\(file): no column '\(name)'; rewrite it with the adapert command that made it")
        }
        return index
    }
}
