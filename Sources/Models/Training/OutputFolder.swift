import Foundation

/// Every file a run writes goes through here: written whole to a temporary file beside it, flushed, then renamed
/// over the name, so a run killed at any moment (even SIGKILL) leaves the previous file or a complete new one.
/// Failures are one-line `ConfigError`s naming the path and the reason (a full disk, no permission).
public enum OutputFolder {
    /// Creates `url` (and its parents) and proves it writable before any training starts.
    public static func prepare(_ url: URL, option: String = "--out") throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ConfigError("\(option) \(url.path): is a file, not a folder")
        }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw ConfigError("\(option) \(url.path): cannot create the output folder (\(reason(error)))")
        }
        let probe = url.appendingPathComponent(".lab-write-probe-\(getpid())")
        let fd = open(probe.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw ConfigError("\(option) \(url.path): the folder is not writable (\(String(cString: strerror(errno))))") }
        close(fd)
        unlink(probe.path)
    }

    /// Writes `text` to `url` atomically (temporary file in the same folder, fsync, rename).
    public static func write(_ text: String, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw failure(url, errno) }
        var bytes = Array(text.utf8)
        var done = 0
        var error: Int32 = 0
        bytes.withUnsafeMutableBytes { buffer in
            while done < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    error = errno
                    return
                }
                done += n
            }
        }
        if error == 0, fsync(fd) != 0 { error = errno }
        if close(fd) != 0, error == 0 { error = errno }
        if error == 0, rename(temporary.path, url.path) != 0 { error = errno }
        if error != 0 {
            unlink(temporary.path)
            throw failure(url, error)
        }
        bytes.removeAll()
    }

    private static func failure(_ url: URL, _ code: Int32) -> ConfigError {
        ConfigError("\(url.path): cannot write the file (\(String(cString: strerror(code))))")
    }

    private static func reason(_ error: Error) -> String {
        if let e = error as? CocoaError, let u = e.underlying as? POSIXError { return String(cString: strerror(u.code.rawValue)) }
        return (error as NSError).localizedDescription
    }
}
