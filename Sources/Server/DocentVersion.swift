import Engine
import JSONRPC
import Basics
/// The version of Docent, reported in `serverInfo`, `docent --version` and `docent/status`.
public let docentVersion = "0.1.0"

/// The version of the `docent/*` protocol described in `Protocol/`.
public let docentProtocolVersion = 1
