#ifndef GRADBOOK_CEDITLINE_H
#define GRADBOOK_CEDITLINE_H

// A thin, non-variadic shim over libedit (Swift cannot call C variadic functions such
// as el_set and history). Only the LineEditing target imports this module.

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gb_editor gb_editor;

/// Called on Tab with the text before the cursor; returns the number of candidates written
/// to `candidates` (each malloc'ed; the shim frees them).
typedef int (*gb_completer)(const char *prefix, char ***candidates);

/// Opens an editor on stdin/stdout with `program` as the editrc name. NULL on failure.
gb_editor *gb_editor_open(const char *program, const char *history_file, int history_size);
void gb_editor_close(gb_editor *editor);
void gb_editor_set_prompt(gb_editor *editor, const char *prompt);
void gb_editor_set_completer(gb_editor *editor, gb_completer completer);

/// Reads one line (without the newline). Returns a malloc'ed string the caller frees, or
/// NULL at end of input. `*interrupted` is set to 1 when Ctrl-C abandoned the line.
char *gb_editor_read_line(gb_editor *editor, int *interrupted);

/// Appends `line` to the in-memory history and saves the history file.
void gb_editor_add_history(gb_editor *editor, const char *line);

/// Makes SIGINT (Ctrl-C) raise a flag instead of ending the process; for long commands.
void gb_install_sigint(void);
/// Returns 1 (and clears the flag) if Ctrl-C was pressed since the last call.
int gb_take_sigint(void);

#ifdef __cplusplus
}
#endif

#endif
