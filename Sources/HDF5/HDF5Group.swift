import CHDF5
import Core

/// An HDF5 group: named children (groups and datasets) and attributes.
public class HDF5Group: HDF5Object {
    /// Names of the direct children, in libhdf5's name order.
    public func memberNames() throws -> [String] {
        try reading { try readMemberNames() }
    }

    private func readMemberNames() throws -> [String] {
        var info = H5G_info_t()
        try check(H5Gget_info(id, &info), failure("list the members of"))
        var names: [String] = []
        names.reserveCapacity(Int(info.nlinks))
        for i in 0..<info.nlinks {
            let length = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, nil, 0, hid_t(H5P_DEFAULT))
            guard length >= 0 else { throw failure("list the members of") }
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            guard H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, &buffer, buffer.count,
                                     hid_t(H5P_DEFAULT)) >= 0 else { throw failure("list the members of") }
            names.append(String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return names
    }

    /// Whether a direct child `name` exists (a link that resolves to an object).
    public func contains(_ name: String) -> Bool {
        guard !name.isEmpty, !name.contains("/") else { return false }
        return reading(name) {
            H5Lexists(id, name, hid_t(H5P_DEFAULT)) > 0 && H5Oexists_by_name(id, name, hid_t(H5P_DEFAULT)) > 0
        }
    }

    /// What a direct child is; nil when it does not exist.
    func childKind(_ name: String) -> H5O_type_t? {
        guard contains(name) else { return nil }
        var info = H5O_info_t()
        let status = reading(name) { H5Oget_info_by_name2(id, name, &info, UInt32(H5O_INFO_BASIC), hid_t(H5P_DEFAULT)) }
        guard status >= 0 else { return nil }
        return info.type
    }

    public func isGroup(_ name: String) -> Bool { childKind(name) == H5O_TYPE_GROUP }
    public func isDataset(_ name: String) -> Bool { childKind(name) == H5O_TYPE_DATASET }

    /// Opens the child group `name`.
    public func group(_ name: String) throws -> HDF5Group {
        guard isGroup(name) else {
            throw AdaPertError("\(fileName): group '\(childPath(name))' not found")
        }
        let gid = reading(name) { H5Gopen2(id, name, hid_t(H5P_DEFAULT)) }
        guard gid >= 0 else { throw failure("open group", name) }
        return HDF5Group(id: gid, fileName: fileName, path: childPath(name), close: H5Gclose)
    }

    /// Opens the child dataset `name`.
    public func dataset(_ name: String) throws -> HDF5Dataset {
        guard isDataset(name) else {
            throw AdaPertError("\(fileName): dataset '\(childPath(name))' not found")
        }
        return try reading(name) {
            let did = H5Dopen2(id, name, hid_t(H5P_DEFAULT))
            guard did >= 0 else { throw failure("open dataset", name) }
            return try HDF5Dataset(id: did, fileName: fileName, path: childPath(name))
        }
    }

    /// Creates the child group `name`.
    @discardableResult
    public func createGroup(_ name: String) throws -> HDF5Group {
        let gid = H5Gcreate2(id, name, hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT))
        guard gid >= 0 else { throw failure("create group", name) }
        return HDF5Group(id: gid, fileName: fileName, path: childPath(name), close: H5Gclose)
    }

    /// Removes the link `name` (the space is not reclaimed; used to replace a dataset).
    public func remove(_ name: String) throws {
        try check(H5Ldelete(id, name, hid_t(H5P_DEFAULT)), failure("delete", name))
    }
}
