#include "CEditLine.h"

#include <errno.h>
#include <histedit.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

struct gb_editor {
    EditLine *el;
    int interrupted;
    History *history;
    HistEvent event;
    char *history_file;
    char *prompt;
    gb_completer completer;
};

static volatile sig_atomic_t gb_interrupted = 0;

static void gb_on_sigint(int signo) {
    (void)signo;
    gb_interrupted = 1;
}

// The terminal's modes before libedit changed them, restored when a signal ends the process
// while a line is being read (libedit's own EL_SIGNAL handler would also re-send the signal
// to the whole process group, killing the shell script or the tmux window that started us).
static struct termios gb_saved_modes;
static volatile sig_atomic_t gb_have_saved_modes = 0;
static EditLine *volatile gb_reading = NULL;

static void gb_on_fatal_signal(int signo) {
    if (gb_reading && gb_have_saved_modes) tcsetattr(STDIN_FILENO, TCSANOW, &gb_saved_modes);
    static const char reset[] = "\033[0m";
    if (gb_reading) (void)!write(STDOUT_FILENO, reset, sizeof reset - 1);
    signal(signo, SIG_DFL);
    raise(signo);  // to this process only
}

// A window resize while a line is read: libedit re-reads the size (as its own handler does).
static void gb_on_resize(int signo) {
    (void)signo;
    if (gb_reading) el_resize(gb_reading);
}

// Installs `handler` for `signo` (SA_RESTART: a signal must not make a write() fail and lose output).
static void gb_handle(int signo, void (*handler)(int), int restart) {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = handler;
    action.sa_flags = restart ? SA_RESTART : 0;
    sigemptyset(&action.sa_mask);
    sigaction(signo, &action, NULL);
}

static void gb_install_terminal_handlers(void) {
    if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &gb_saved_modes) == 0) gb_have_saved_modes = 1;
    gb_handle(SIGTERM, gb_on_fatal_signal, 0);
    gb_handle(SIGHUP, gb_on_fatal_signal, 0);
    gb_handle(SIGQUIT, gb_on_fatal_signal, 0);
    gb_handle(SIGWINCH, gb_on_resize, 1);
}

static char *gb_prompt(EditLine *el) {
    gb_editor *editor = NULL;
    el_get(el, EL_CLIENTDATA, &editor);
    return (editor && editor->prompt) ? editor->prompt : "";
}

// Characters a terminal shows for a UTF-8 string (continuation bytes take no column).
static size_t gb_columns_of(const char *text) {
    size_t columns = 0;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        if ((*c & 0xC0) != 0x80) columns++;
    return columns;
}

// Candidates listed below the line in columns that fit the terminal, sorted down each
// column as bash and IPython list them (one per line when a candidate is wider than it).
static void gb_list_columns(EditLine *el, char **candidates, int count) {
    int width = 80;
    if (el_get(el, EL_GETTC, "co", &width) != 0 || width < 10) width = 80;
    size_t widest = 0;
    for (int i = 0; i < count; i++) {
        size_t columns = gb_columns_of(candidates[i]);
        if (columns > widest) widest = columns;
    }
    size_t cell = widest + 2;
    int per_row = (int)((size_t)(width - 1) / cell);
    if (per_row < 1) per_row = 1;
    int rows = (count + per_row - 1) / per_row;
    fputc('\n', stdout);
    for (int row = 0; row < rows; row++) {
        for (int column = 0; column < per_row; column++) {
            int i = column * rows + row;
            if (i >= count) break;
            int last = column + 1 == per_row || i + rows >= count;
            fputs(candidates[i], stdout);
            if (!last)
                for (size_t pad = gb_columns_of(candidates[i]); pad < cell; pad++) fputc(' ', stdout);
        }
        fputc('\n', stdout);
    }
    fflush(stdout);
}

// Tab: complete the word before the cursor. One candidate is inserted; several are
// listed below the line and their common prefix is inserted.
static unsigned char gb_complete(EditLine *el, int ch) {
    (void)ch;
    gb_editor *editor = NULL;
    el_get(el, EL_CLIENTDATA, &editor);
    if (!editor || !editor->completer) return CC_ERROR;

    const LineInfo *info = el_line(el);
    size_t length = (size_t)(info->cursor - info->buffer);
    char *prefix = malloc(length + 1);
    if (!prefix) return CC_ERROR;
    memcpy(prefix, info->buffer, length);
    prefix[length] = '\0';

    // The word being completed: the trailing run of identifier characters.
    size_t start = length;
    while (start > 0) {
        char c = prefix[start - 1];
        if (c == '_' || c == '.' || c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            start--;
        else
            break;
    }
    size_t word_length = length - start;

    char **candidates = NULL;
    int count = editor->completer(prefix, &candidates);
    free(prefix);
    if (count <= 0) {
        free(candidates);
        return CC_REFRESH_BEEP;
    }

    // Longest common prefix of the candidates.
    size_t common = strlen(candidates[0]);
    for (int i = 1; i < count; i++) {
        size_t j = 0;
        while (j < common && candidates[i][j] && candidates[i][j] == candidates[0][j]) j++;
        common = j;
    }
    unsigned char result = CC_REFRESH;
    if (common > word_length) {
        char *insert = malloc(common - word_length + 2);
        if (insert) {
            memcpy(insert, candidates[0] + word_length, common - word_length);
            insert[common - word_length] = '\0';
            // A single match is followed by a space, unless it is an option awaiting its value (`epochs=`).
            if (count == 1 && candidates[0][strlen(candidates[0]) - 1] != '=') strcat(insert, " ");
            el_insertstr(el, insert);
            free(insert);
        }
    } else if (count > 1) {
        gb_list_columns(el, candidates, count);
        result = CC_REDISPLAY;
    }
    for (int i = 0; i < count; i++) free(candidates[i]);
    free(candidates);
    return result;
}

// Ctrl-C while editing: abandon the line. The terminal's ISIG is off while libedit reads
// (EL_SETTY -isig), so Ctrl-C arrives as a key rather than a signal, and el_gets returns
// reliably (an interrupted read(2) is retried by libedit, which would swallow the first one).
static unsigned char gb_interrupt(EditLine *el, int ch) {
    (void)ch;
    gb_editor *editor = NULL;
    el_get(el, EL_CLIENTDATA, &editor);
    if (editor) editor->interrupted = 1;
    return CC_NEWLINE;
}

gb_editor *gb_editor_open(const char *program, const char *history_file, int history_size) {
    // libedit decodes input and prompts with the locale's character set: UTF-8 needs it set.
    // Without one (LANG unset, the C locale), Chinese input would be cut into bytes and the
    // line mangled: fall back to a UTF-8 locale, which every terminal Gradbook runs in speaks.
    const char *locale = setlocale(LC_CTYPE, "");
    const char *codeset = locale ? nl_langinfo(CODESET) : NULL;
    if (!codeset || strcmp(codeset, "UTF-8") != 0) {
        if (!setlocale(LC_CTYPE, "C.UTF-8") && !setlocale(LC_CTYPE, "C.utf8")) setlocale(LC_CTYPE, "en_US.UTF-8");
    }
    gb_editor *editor = calloc(1, sizeof(gb_editor));
    if (!editor) return NULL;
    editor->el = el_init(program, stdin, stdout, stderr);
    if (!editor->el) {
        free(editor);
        return NULL;
    }
    editor->history = history_init();
    if (editor->history) {
        history(editor->history, &editor->event, H_SETSIZE, history_size);
        history(editor->history, &editor->event, H_SETUNIQUE, 1);
        if (history_file) {
            editor->history_file = strdup(history_file);
            history(editor->history, &editor->event, H_LOAD, history_file);
        }
        el_set(editor->el, EL_HIST, history, editor->history);
    }
    el_set(editor->el, EL_CLIENTDATA, editor);
    el_set(editor->el, EL_EDITOR, "emacs");
    // The terminal's modes are restored if SIGTERM, SIGHUP or SIGQUIT arrives while a line is
    // read (gb_install_terminal_handlers; not EL_SIGNAL, which signals the whole process group).
    gb_install_terminal_handlers();
    // Invisible parts of the prompt (colour codes) are wrapped in \1 so the cursor lines up.
    el_set(editor->el, EL_PROMPT_ESC, gb_prompt, '\1');
    el_set(editor->el, EL_ADDFN, "gb-complete", "Complete a command or name", gb_complete);
    el_set(editor->el, EL_BIND, "^I", "gb-complete", NULL);
    el_set(editor->el, EL_ADDFN, "gb-interrupt", "Abandon the current line", gb_interrupt);
    el_set(editor->el, EL_BIND, "^C", "gb-interrupt", NULL);
    // Up and Down search the history for lines that start with what is typed (IPython's habit).
    el_set(editor->el, EL_BIND, "\033[A", "ed-search-prev-history", NULL);
    el_set(editor->el, EL_BIND, "\033[B", "ed-search-next-history", NULL);
    el_set(editor->el, EL_BIND, "\033OA", "ed-search-prev-history", NULL);
    el_set(editor->el, EL_BIND, "\033OB", "ed-search-next-history", NULL);
    el_set(editor->el, EL_SETTY, "-d", "-isig", NULL);
    el_source(editor->el, NULL);

    // Outside line editing (while a cell runs) Ctrl-C is a signal; it must not end the
    // session, so it only raises a flag that long-running commands may poll.
    gb_install_sigint();
    return editor;
}

void gb_editor_close(gb_editor *editor) {
    if (!editor) return;
    if (editor->history) history_end(editor->history);
    el_end(editor->el);
    free(editor->history_file);
    free(editor->prompt);
    free(editor);
}

void gb_editor_set_prompt(gb_editor *editor, const char *prompt) {
    free(editor->prompt);
    editor->prompt = strdup(prompt);
}

void gb_editor_set_completer(gb_editor *editor, gb_completer completer) {
    editor->completer = completer;
}

char *gb_editor_read_line(gb_editor *editor, int *interrupted) {
    *interrupted = 0;
    gb_interrupted = 0;
    editor->interrupted = 0;
    int count = 0;
    el_resize(editor->el);  // the window may have changed while the last cell ran
    gb_reading = editor->el;
    const char *line = el_gets(editor->el, &count);
    gb_reading = NULL;
    if (editor->interrupted || gb_interrupted) {
        *interrupted = 1;
        gb_interrupted = 0;
        editor->interrupted = 0;
        return strdup("");
    }
    if (!line || count <= 0) return NULL;
    char *copy = strdup(line);
    if (!copy) return NULL;
    size_t n = strlen(copy);
    while (n > 0 && (copy[n - 1] == '\n' || copy[n - 1] == '\r')) copy[--n] = '\0';
    return copy;
}

void gb_editor_add_history(gb_editor *editor, const char *line) {
    if (!editor->history || !line || !*line) return;
    history(editor->history, &editor->event, H_ENTER, line);
    if (editor->history_file) {
        // Save beside the file and rename over it: an interrupted save never leaves half a history.
        char temporary[4096];
        int n = snprintf(temporary, sizeof temporary, "%s.%ld.tmp", editor->history_file, (long)getpid());
        if (n > 0 && (size_t)n < sizeof temporary && history(editor->history, &editor->event, H_SAVE, temporary) >= 0) {
            if (rename(temporary, editor->history_file) != 0) unlink(temporary);
        } else if (n > 0 && (size_t)n < sizeof temporary) {
            unlink(temporary);
        }
    }
}

void gb_install_sigint(void) {
    gb_handle(SIGINT, gb_on_sigint, 1);
    // A parent may have started us with SIGINT blocked (the mask is inherited): unblock it.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

int gb_take_sigint(void) {
    int was = gb_interrupted;
    gb_interrupted = 0;
    return was;
}
