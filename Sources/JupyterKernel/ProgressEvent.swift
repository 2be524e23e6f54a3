import Notebook
import Rendering

/// The notebook's progress events (a name of their own here: Foundation has a `Progress` too).
typealias ProgressEvent = Progress
