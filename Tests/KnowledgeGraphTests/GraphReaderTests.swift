@testable import Core
import Foundation
@testable import KnowledgeGraph
import Model
import Testing
import TestSupport

/// Writes `text` to the file `name` in `folder` and returns its path.
func writeFile(in folder: URL, _ name: String, _ text: String) throws -> String {
    let path = folder.appendingPathComponent(name).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// Weight of the edge u -> v, nil when absent.
func weight(_ g: GeneGraph, _ u: String, _ v: String) -> Float? {
    guard let iu = g.nodeNames.firstIndex(of: u), let iv = g.nodeNames.firstIndex(of: v) else { return nil }
    return (g.inOffsets[iv]..<g.inOffsets[iv + 1]).first { Int(g.sources[$0]) == iu }.map { g.weights[$0] }
}

@Test func csvWithHeaderIsSymmetrisedDeduplicatedAndClamped() throws {
    try TestFiles.withTemporaryDirectory { folder in
        let path = try writeFile(in: folder, "edges.csv", "source,target,weight\nA,B,0.5\nB,A,0.8\nC,C,1\nB,C,2\nC,D,0\n")
        let g = try KnowledgeGraphReader.read(path: path)
        #expect(weight(g, "A", "B") == 0.8 && weight(g, "B", "A") == 0.8)
        #expect(weight(g, "B", "C") == 1)
        #expect(weight(g, "C", "C") == nil && weight(g, "C", "D") == nil)
        #expect(g.edgeCount == 4)
    }
}

@Test func unusableWeightsDropTheirEdges() throws {
    try TestFiles.withTemporaryDirectory { folder in
        let path = try writeFile(in: folder, "odd.csv", "source,target,weight\nA,B,-1\nA,C,0\nA,D,1e-50\nA,E,inf\nB,C,0.25\n")
        let g = try KnowledgeGraphReader.read(path: path)
        #expect(weight(g, "A", "B") == nil && weight(g, "A", "C") == nil && weight(g, "A", "D") == nil)
        #expect(weight(g, "A", "E") == 1 && weight(g, "B", "C") == 0.25)
        #expect(g.weights.allSatisfy { $0.isNormal && $0 > 0 && $0 <= 1 })
        let nan = try writeFile(in: folder, "nan.csv", "source,target,weight\nA,B,0.5\nA,C,nan\n")
        #expect(throws: AdaPertError.self) { try KnowledgeGraphReader.read(path: nan) }
    }
}

@Test func headerlessTsvAndSpaceSeparatedFilesAreRead() throws {
    try TestFiles.withTemporaryDirectory { folder in
        let tsv = try KnowledgeGraphReader.read(path: try writeFile(in: folder, "e.tsv", "A\tB\nB\tC\n"))
        #expect(tsv.nodeNames == ["A", "B", "C"] && weight(tsv, "B", "C") == 1)
        let spaced = try KnowledgeGraphReader.read(path: try writeFile(in: folder, "e.txt", "A B 0.25\nB  C 0.5\n"))
        #expect(weight(spaced, "A", "B") == 0.25 && weight(spaced, "C", "B") == 0.5)
        let named = try KnowledgeGraphReader.read(path: try writeFile(in: folder, "e.csv", "gene1,gene2,x,importance\nA,B,7,0.3\n"))
        #expect(weight(named, "A", "B") == 0.3)
        // Windows line ends ("\r\n" is one Swift Character) and old Mac ones.
        let windows = try KnowledgeGraphReader.read(path: try writeFile(in: folder, "w.csv", "source,target,weight\r\nA,B,0.5\r\nB,C,1\r\n"))
        #expect(windows.nodeNames == ["A", "B", "C"] && weight(windows, "A", "B") == 0.5 && weight(windows, "B", "C") == 1)
        let mac = try KnowledgeGraphReader.read(path: try writeFile(in: folder, "m.tsv", "A\tB\rB\tC\r"))
        #expect(mac.nodeNames == ["A", "B", "C"])
    }
}

@Test func graphReaderErrorsNameFileLineAndFix() throws {
    try TestFiles.withTemporaryDirectory { folder in
        let bad = try writeFile(in: folder, "bad.csv", "source,target,weight\nA,B,0.5\nC,D,high\n")
        #expect(throws: AdaPertError.self) { try KnowledgeGraphReader.read(path: bad) }
        do { _ = try KnowledgeGraphReader.read(path: bad) } catch let error as AdaPertError {
            #expect(error.message.contains("bad.csv:3"))
        }
        do { _ = try KnowledgeGraphReader.read(path: "/nonexistent/graph.csv") } catch let error as AdaPertError {
            #expect(error.message.contains("/nonexistent/graph.csv") && error.message.contains("not found"))
        }
        let empty = try writeFile(in: folder, "empty.csv", "source,target,weight\nA,A,1\n")
        do { _ = try KnowledgeGraphReader.read(path: empty) } catch let error as AdaPertError {
            #expect(error.message.contains("no edges"))
        }
    }
}

@Test func stringLayoutWithAliasesMapsIdsAndScalesScores() throws {
    try TestFiles.withTemporaryDirectory { folder in
        let links = try writeFile(in: folder, "9606.protein.links.txt", """
            protein1 protein2 combined_score
            9606.ENSP1 9606.ENSP2 900
            9606.ENSP2 9606.ENSP3 150
            9606.ENSP4 9606.ENSP2 400
            9606.ENSP3 9606.ENSP9 700

            """)
        let info = try writeFile(in: folder, "9606.protein.info.txt", """
            #string_protein_id\tpreferred_name\tprotein_size\tannotation
            9606.ENSP1\tSTAT1\t750\tSignal transducer
            9606.ENSP2\tJAK2\t1132\tTyrosine kinase
            9606.ENSP3\tIRF1\t325\tInterferon regulatory factor
            9606.ENSP4\tSTAT1\t700\tisoform

            """)
        let g = try KnowledgeGraphReader.read(path: links, stringAliasesPath: info)
        #expect(weight(g, "STAT1", "JAK2") == 0.9, "two STAT1 proteins merge, keeping the larger score")
        #expect(weight(g, "JAK2", "IRF1") == 0.15)
        #expect(weight(g, "IRF1", "9606.ENSP9") == 0.7, "ids without an alias stay")
        let plain = try KnowledgeGraphReader.read(path: links)
        #expect(weight(plain, "9606.ENSP1", "9606.ENSP2") == 0.9)
        let edgeList = try writeFile(in: folder, "edges.csv", "source,target\nA,B\n")
        #expect(throws: AdaPertError.self, "an alias file with a graph that is not STRING") {
            try KnowledgeGraphReader.read(path: edgeList, stringAliasesPath: info)
        }
    }
}

@Test func gmtCoMembershipUsesJaccardTopKAndThreshold() throws {
    try TestFiles.withTemporaryDirectory { folder in
        let path = try writeFile(in: folder, "tiny.gmt", "P1\tR-1\tA\tB\tC\nP2\tR-2\tA\tB\nP3\tR-3\tC\tD\n")
        let all = try KnowledgeGraphReader.read(path: path, pathwayOptions: .init(topK: 20, threshold: 0.1))
        #expect(weight(all, "A", "B") == 1)
        #expect(weight(all, "A", "C") == Float(1.0 / 3.0))
        #expect(weight(all, "C", "D") == 0.5)
        #expect(weight(all, "A", "D") == nil)
        let top1 = try KnowledgeGraphReader.read(path: path, pathwayOptions: .init(topK: 1, threshold: 0.1))
        #expect(top1.edgeCount == 4, "A-B and C-D only")
        let restricted = try KnowledgeGraphReader.read(path: path, universe: ["A", "C", "D"])
        #expect(restricted.nodeNames.sorted() == ["A", "C", "D"] && weight(restricted, "A", "C") == Float(1.0 / 3.0))
    }
}

@Test(.enabled(if: TestFiles.sharedFile("gears_go_essential_subset_150genes.csv") != nil, "../shared/data absent: real GEARS graph not tested"))
func realGearsGraphReads() throws {
    let g = try KnowledgeGraphReader.read(path: TestFiles.sharedFile("gears_go_essential_subset_150genes.csv")!)
    #expect(g.nodeCount > 100 && g.nodeCount <= 150)
    #expect(g.edgeCount > 1000)
    #expect(g.weights.allSatisfy { $0 > 0 && $0 <= 1 })
    for v in 0..<g.nodeCount {
        #expect(!g.sources[g.inOffsets[v]..<g.inOffsets[v + 1]].contains(Int32(v)), "no self-loops")
    }
}

@Test(.enabled(if: TestFiles.sharedFile("ReactomePathways.gmt") != nil, "../shared/data absent: Reactome graph not tested"))
func realReactomeGraphIsBuilt() throws {
    let g = try KnowledgeGraphReader.read(path: TestFiles.sharedFile("ReactomePathways.gmt")!)
    #expect(g.nodeCount > 10_000)
    #expect(g.weights.allSatisfy { $0 >= 0.1 && $0 <= 1 })
    let degrees = (0..<g.nodeCount).map { g.inOffsets[$0 + 1] - g.inOffsets[$0] }
    #expect(degrees.filter { $0 > 0 }.count > 10_000)
    let panel: Set<String> = ["STAT1", "JAK2", "IFNGR1", "IFNGR2", "IRF1", "CD274", "NFKBIA", "SPI1"]
    let small = try KnowledgeGraphReader.read(path: TestFiles.sharedFile("ReactomePathways.gmt")!, universe: panel)
    #expect(Set(small.nodeNames).isSubset(of: panel) && weight(small, "STAT1", "JAK2") != nil)
}

@Test func inducedGraphKeepsMeasuredGenesFirstAndReportsCoverage() {
    let knowledge = GeneGraph(nodeNames: ["A", "B", "E", "F", "G", "H"],
                              undirectedEdges: [(0, 1, 1), (1, 2, 0.5), (2, 3, 0.5), (3, 4, 0.5), (4, 5, 0.5)])
    let induced = InducedGraph(knowledge: knowledge, measuredGenes: ["A", "B", "C"], targets: ["C", "Z", "E"])
    #expect(induced.graph.nodeNames == ["A", "B", "C", "E", "Z"])
    #expect(induced.measuredGeneCount == 3 && induced.graph.edgeCount == 4)
    #expect(induced.coverage.measuredInGraph == 2 && induced.coverage.targetsInGraph == 1)
    #expect(induced.coverage.targetsMissing == ["C", "Z"])
    #expect(induced.coverage.warnings.contains { $0.contains("isolated") })
    let oneHop = InducedGraph(knowledge: knowledge, measuredGenes: ["A", "B", "C"], targets: ["C", "Z", "E"], selection: .kHop(1))
    #expect(oneHop.graph.nodeNames == ["A", "B", "C", "E", "Z", "F"] && oneHop.coverage.extraNodes == 1)
    let twoHops = InducedGraph(knowledge: knowledge, measuredGenes: ["A", "B", "C"], targets: ["C", "Z", "E"], selection: .kHop(2))
    #expect(twoHops.graph.nodeNames.suffix(2) == ["F", "G"] && twoHops.graph.edgeCount == 8)
}
