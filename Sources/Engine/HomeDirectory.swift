import Foundation

/// The user's home directory for the default cache and models folders.
///
/// `$HOME` when it is an absolute path; otherwise Foundation's lookup in the user database. That lookup goes
/// through glibc's name service, which first tries to reach the `nscd` daemon over a Unix-domain socket: reading
/// `$HOME` first keeps the server from opening any socket at all (ConfinementEndToEndTests checks it).
enum HomeDirectory {
  /// The home directory's absolute path.
  static func path(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    if let home = environment["HOME"], home.hasPrefix("/") { return home }
    return FileManager.default.homeDirectoryForCurrentUser.path
  }
}
