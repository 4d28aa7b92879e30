/// A config value that is one of a few words (`gates: hardconcrete | soft | none`). Decoding another word
/// fails with the words allowed, instead of the standard library's "Cannot initialize … from invalid String
/// value" that names a Swift type the user never sees.
public protocol ConfigChoice: RawRepresentable<String>, CaseIterable, Codable {}

extension ConfigChoice {
    public init(from decoder: any Decoder) throws {
        let word = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(rawValue: word) else {
            let allowed = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "is '\(word)', not one of \(allowed)"))
        }
        self = value
    }
}
