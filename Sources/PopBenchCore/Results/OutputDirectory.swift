import Foundation

/// Checks, before anything is written, that a directory the user named (`--results-dir`,
/// `--plots-dir`, `--out`) is a writable directory or can be created as one, so that a path
/// naming a file fails with one line and exit 2 instead of a raw file-system error half way.
public enum OutputDirectory {
    /// Throws a `UsageError` naming `field` and the path when `url` is a file, lies under a file,
    /// or lies in a directory that is not writable.
    public static func check(_ url: URL, field: String) throws {
        let fm = FileManager.default
        var path = url.standardizedFileURL
        var isDirectory: ObjCBool = false
        // The nearest part of the path that exists decides: a file, or a directory we may write.
        while !fm.fileExists(atPath: path.path, isDirectory: &isDirectory) {
            let parent = path.deletingLastPathComponent()
            if parent.path == path.path { break }
            path = parent
        }
        if !isDirectory.boolValue {
            let what = path.path == url.standardizedFileURL.path ? "is a file, not a directory" : "lies under \(path.path), which is a file"
            throw UsageError("\(field): \(url.path) \(what)")
        }
        if !fm.isWritableFile(atPath: path.path) {
            throw UsageError("\(field): \(url.path) cannot be written (\(path.path) is not writable)")
        }
    }
}
