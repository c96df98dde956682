public import Basics
import Engine
import JSONRPC

/// Runs `docent serve`: the language server on standard input and output.
public enum StandardIOServer {
  /// Serves on file descriptors 0 and 1 until the client sends `exit` or closes standard input.
  ///
  /// - Parameters:
  ///   - logger: Logs go to standard error (and, once initialized, to `window/logMessage`).
  ///   - maxMessageBytes: The largest message accepted.
  /// - Returns: The process exit status: 0 after `shutdown`, 1 otherwise.
  public static func run(logger: Logger, maxMessageBytes: Int) async -> Int32 {
    FileDescriptorIO.ignoreBrokenPipeSignal()
    let connection = Connection(input: 0, output: 1, maxMessageBytes: maxMessageBytes, logger: logger)
    var options = LanguageServer.Options()
    options.onExit = { status in terminateProcess(status) }
    options.embeddingModelLoader = .bert
    let server = LanguageServer(connection: connection, logger: logger, options: options)
    return await server.run()
  }
}
