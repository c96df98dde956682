/// A point in a root scan where a ``DocentEngine/ScanObserver`` is told where the scan is.
///
/// Tests hold a scan at one of these points to deliver editor and file events at that exact moment, so the
/// interleavings of the first scan with `didOpen` and friends are checked deterministically instead of by luck.
public enum ScanStage: Sendable, Hashable, CaseIterable {
  /// The root's files were listed; none has been read yet.
  case listed
  /// A batch of files was read and chunked; its results are about to be applied to the index.
  case batchRead
  /// A batch's results were applied to the index.
  case batchApplied
}

extension DocentEngine {
  /// Called on the scan's own thread with the canonical root path at each ``ScanStage``; the scan waits for it to
  /// return, so an observer may block (tests do, to interleave events) but must not call back into a wait on the
  /// scan.
  public typealias ScanObserver = @Sendable (_ root: String, _ stage: ScanStage) -> Void
}
