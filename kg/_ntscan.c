/* kg._ntscan: the loop of kg load's second reading of an N-Triples file, in C.
 *
 * kg load streams a file into Oxigraph with its bulk loader and, beside it, reads the file
 * again to keep what kg derives from (kg.loaded.Seen). In Python that reading is most of the
 * load's added work: a term object for every part of every triple. This module reads the
 * plain lines of an N-Triples chunk itself and keeps their triples as kg.loaded does, and
 * stops at the first line it does not take, for Python to read with pyoxigraph's parser.
 *
 * It takes only lines it can read without doubt, and gives the rest back:
 *   - subject an IRI or a blank node (an ASCII label); predicate an IRI; object an IRI, a blank
 *     node or a literal (plain, @language or ^^<datatype>), spaces or tabs between them, then
 *     "." and an optional comment;
 *   - no backslash anywhere in the line (an escape), no carriage return but
 *     at its end, an IRI with a scheme and none of the characters N-Triples forbids in one,
 *     text that is valid UTF-8.
 * Anything else (comments and blank lines are passed over) stops the scan at that line: the
 * caller reads it with pyoxigraph, which gives its triple, or its error with line and column.
 * So what this module keeps is what pyoxigraph's parser gives for the same line, as cells
 * (kg.edgerows.cell_of): "<" and the IRI; for a literal '"' and its datatype, or "@" and its
 * language (lower case, as pyoxigraph gives it), a unit separator (0x1F), its text.
 *
 * It never reads past the end of the buffer it is given and allocates nothing it does not free;
 * it raises for wrong arguments (TypeError, ValueError) and memory only. tests/test_ntscan.py holds
 * it to pyoxigraph's reading; a build with AddressSanitizer and UBSan was fuzzed against pyoxigraph
 * (1.26 million inputs, 2026-12-08).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#define SEP '\x1f'
#define XSD_STRING "http://www.w3.org/2001/XMLSchema#string"
#define RDF_LANGSTRING "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
#define EDGE_ONLY 8 /* kg.loaded._targets: a predicate the edge table alone reads */

typedef struct {
    const char *start;
    Py_ssize_t size;
} Span;

typedef struct {
    char *data;
    Py_ssize_t size, capacity;
} Buffer;

static int buffer_reserve(Buffer *b, Py_ssize_t size) {
    if (size <= b->capacity)
        return 0;
    Py_ssize_t capacity = b->capacity ? b->capacity : 256;
    while (capacity < size) {
        if (capacity > PY_SSIZE_T_MAX / 2) {
            PyErr_NoMemory();
            return -1;
        }
        capacity *= 2;
    }
    char *data = PyMem_Realloc(b->data, (size_t)capacity);
    if (data == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->data = data;
    b->capacity = capacity;
    return 0;
}

/* The cell: a prefix character, then up to three spans (the last two joined by SEP). */
static PyObject *cell(Buffer *b, char prefix, Span first, Span second, int literal) {
    Py_ssize_t size = 1 + first.size + (literal ? 1 + second.size : 0);
    if (buffer_reserve(b, size) < 0)
        return NULL;
    char *out = b->data;
    out[0] = prefix;
    memcpy(out + 1, first.start, (size_t)first.size);
    if (prefix == '@') /* a language tag (ASCII letters, digits, "-"): in lower case, as pyoxigraph gives it */
        for (Py_ssize_t i = 1; i <= first.size; i++)
            if (out[i] >= 'A' && out[i] <= 'Z')
                out[i] = (char)(out[i] - 'A' + 'a');
    if (literal) {
        out[1 + first.size] = SEP;
        memcpy(out + 2 + first.size, second.start, (size_t)second.size);
    }
    return PyUnicode_DecodeUTF8(out, size, "strict");
}

static inline int is_space(char c) { return c == ' ' || c == '\t'; }

static inline int is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static inline int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* The bytes N-Triples forbids in an IRI reference (and "\\", an escape: pyoxigraph's to read). */
static unsigned char not_in_iri[256];

static void init_tables(void) {
    for (int c = 0; c <= 0x20; c++)
        not_in_iri[c] = 1;
    for (const char *c = "<>\"{}|^`\\"; *c; c++)
        not_in_iri[(unsigned char)*c] = 1;
}

/* An IRI reference at *p (at "<"), within [*p, end): its text, *p moved past ">". 0 when it is
 * not one this module takes (no scheme, a forbidden character, no ">" before end). */
static int read_iri(const char **p, const char *end, Span *iri) {
    const char *s = *p + 1, *q = s;
    /* the scheme: a letter, then letters, digits, "+", "-" or ".", then ":" */
    if (q >= end || !is_alpha((unsigned char)*q))
        return 0;
    q++;
    while (q < end && (is_alpha((unsigned char)*q) || is_digit((unsigned char)*q) || *q == '+' || *q == '-' ||
                       *q == '.'))
        q++;
    if (q >= end || *q != ':')
        return 0;
    while (q < end && !not_in_iri[(unsigned char)*q])
        q++;
    if (q >= end || *q != '>')
        return 0;
    iri->start = s;
    iri->size = q - s;
    *p = q + 1;
    return 1;
}

/* A blank node's label at *p (at "_:"), ASCII only: [A-Za-z0-9_] then [A-Za-z0-9_-] or "." not at
 * its end; *p moved past it. 0 when it is not one this module takes (pyoxigraph's parser reads
 * other labels: those with characters beyond ASCII, or followed by anything but a space, a tab,
 * "." or the end of the line). */
static int read_blank(const char **p, const char *end, Span *label) {
    const char *s = *p + 2, *q = s;
    if (*p + 1 >= end || (*p)[1] != ':' || q >= end)
        return 0;
    if (!(is_alpha((unsigned char)*q) || is_digit((unsigned char)*q) || *q == '_'))
        return 0;
    q++;
    for (;;) {
        while (q < end && (is_alpha((unsigned char)*q) || is_digit((unsigned char)*q) || *q == '_' || *q == '-'))
            q++;
        const char *dots = q; /* a run of "." belongs to the label only if a label character follows it */
        while (dots < end && *dots == '.')
            dots++;
        if (dots > q && dots < end &&
            (is_alpha((unsigned char)*dots) || is_digit((unsigned char)*dots) || *dots == '_' || *dots == '-'))
            q = dots;
        else
            break;
    }
    if (q < end && !(is_space(*q) || *q == '.'))
        return 0;
    label->start = s;
    label->size = q - s;
    *p = q;
    return 1;
}

/* An IRI or a blank node at *p (within [*p, end), at least one byte): its text, and its kind,
 * "<" or "_". 0 when it is neither, or not one this module takes. */
static int read_node(const char **p, const char *end, Span *text, char *kind) {
    *kind = **p;
    if (**p == '<')
        return read_iri(p, end, text);
    if (**p == '_')
        return read_blank(p, end, text);
    return 0;
}

static void skip_spaces(const char **p, const char *end) {
    while (*p < end && is_space(**p))
        (*p)++;
}

/* What a line holds. */
enum { LINE_NONE, LINE_TRIPLE, LINE_OTHER };

typedef struct {
    Span subject, predicate, datatype, language, text;
    char subject_kind; /* '<' an IRI, '_' a blank node */
    char kind; /* '<' an IRI object, '_' a blank node, '"' a typed literal, '@' a literal with a language */
    const char *start, *end; /* the triple, from its first term to its full stop */
} Triple;

/* Read the line [p, end) (its line break excluded). */
static int read_line(const char *p, const char *end, Triple *t) {
    if (end > p && end[-1] == '\r')
        end--;
    if (memchr(p, '\\', (size_t)(end - p)) != NULL || memchr(p, '\r', (size_t)(end - p)) != NULL)
        return LINE_OTHER;
    skip_spaces(&p, end);
    if (p == end || *p == '#')
        return LINE_NONE;
    t->start = p;
    if (!read_node(&p, end, &t->subject, &t->subject_kind))
        return LINE_OTHER;
    skip_spaces(&p, end);
    if (p == end || *p != '<' || !read_iri(&p, end, &t->predicate))
        return LINE_OTHER;
    skip_spaces(&p, end);
    if (p == end)
        return LINE_OTHER;
    if (*p == '<' || *p == '_') {
        if (!read_node(&p, end, &t->text, &t->kind))
            return LINE_OTHER;
    } else if (*p == '"') {
        const char *s = p + 1;
        const char *close = memchr(s, '"', (size_t)(end - s));
        if (close == NULL)
            return LINE_OTHER;
        t->text.start = s;
        t->text.size = close - s;
        p = close + 1;
        if (p < end && *p == '@') {
            const char *tag = ++p;
            /* [a-zA-Z]+ ('-' [a-zA-Z0-9]+)* */
            while (p < end && is_alpha((unsigned char)*p))
                p++;
            if (p == tag)
                return LINE_OTHER;
            while (p < end && *p == '-') {
                const char *part = ++p;
                while (p < end && (is_alpha((unsigned char)*p) || is_digit((unsigned char)*p)))
                    p++;
                if (p == part)
                    return LINE_OTHER;
            }
            t->language.start = tag;
            t->language.size = p - tag;
            t->kind = '@';
        } else if (p + 1 < end && p[0] == '^' && p[1] == '^') {
            p += 2;
            if (p == end || *p != '<' || !read_iri(&p, end, &t->datatype))
                return LINE_OTHER;
            if ((size_t)t->datatype.size == strlen(RDF_LANGSTRING) &&
                memcmp(t->datatype.start, RDF_LANGSTRING, (size_t)t->datatype.size) == 0)
                return LINE_OTHER; /* a language string without its language: pyoxigraph's to judge */
            t->kind = '"';
        } else {
            t->datatype.start = XSD_STRING;
            t->datatype.size = (Py_ssize_t)strlen(XSD_STRING);
            t->kind = '"';
        }
    } else {
        return LINE_OTHER; /* not N-Triples */
    }
    skip_spaces(&p, end);
    if (p == end || *p != '.')
        return LINE_OTHER;
    t->end = ++p;
    skip_spaces(&p, end);
    if (p != end && *p != '#')
        return LINE_OTHER;
    return LINE_TRIPLE;
}

/* The same string as an earlier cell, if there was one (memo: cell -> cell). Steals cell. */
static PyObject *remembered(PyObject *memo, PyObject *cell) {
    if (memo == Py_None)
        return cell;
    PyObject *kept = PyDict_SetDefault(memo, cell, cell);
    if (kept == NULL) {
        Py_DECREF(cell);
        return NULL;
    }
    Py_INCREF(kept);
    Py_DECREF(cell);
    return kept;
}

/* Keep (subject, object) in table (subject -> [objects]), each object once. */
static int keep_edge(PyObject *table, PyObject *subject, PyObject *object) {
    PyObject *values = PyDict_GetItemWithError(table, subject);
    if (values == NULL) {
        if (PyErr_Occurred())
            return -1;
        values = PyList_New(1);
        if (values == NULL)
            return -1;
        Py_INCREF(object);
        PyList_SET_ITEM(values, 0, object);
        int failed = PyDict_SetItem(table, subject, values);
        Py_DECREF(values);
        return failed;
    }
    if (!PyList_Check(values)) {
        PyErr_SetString(PyExc_TypeError, "an edge table's values must be lists");
        return -1;
    }
    Py_INCREF(values); /* held while comparing: an item's __eq__ could drop it from the table */
    int found = PySequence_Contains(values, object);
    int failed = found < 0 ? -1 : found ? 0 : PyList_Append(values, object);
    Py_DECREF(values);
    return failed;
}

/* Whether [start, end) is valid UTF-8 (as Python's strict decoder, the one cells are made with,
 * judges it): -1 with an error set when the check itself failed (out of memory). */
static int valid_utf8(const char *start, const char *end) {
    const char *q = start;
    while (q < end && (unsigned char)*q < 0x80)
        q++;
    if (q == end)
        return 1;
    PyObject *text = PyUnicode_DecodeUTF8(start, end - start, "strict");
    if (text != NULL) {
        Py_DECREF(text);
        return 1;
    }
    if (!PyErr_ExceptionMatches(PyExc_UnicodeDecodeError))
        return -1;
    PyErr_Clear();
    return 0;
}

PyDoc_STRVAR(scan_doc,
"scan(data, start, predicates, hows, tables, memo, rest) -> (stop, triples, lines)\n\n"
"Read the N-Triples lines of the bytes ``data`` from offset ``start``, each ending with a line\n"
"break, until one this module does not take (see the module's comment) or the end. For a triple\n"
"whose predicate is ``predicates[k]`` (bytes, its IRI): when ``hows[k]`` is 8, its object cell is\n"
"added to ``tables[k][subject cell]`` (a list, each object once); otherwise ``(k, subject, object)``\n"
"is appended to ``rest``. Cells are kept once in ``memo`` (cell -> cell). ``stop`` is the offset of\n"
"the line not taken (len(data) if none), ``triples`` the triples read, ``lines`` the lines passed.");

static PyObject *scan(PyObject *module, PyObject *args) {
    Py_buffer view;
    Py_ssize_t start;
    PyObject *predicates, *hows, *tables, *memo, *rest;
    (void)module;
    if (!PyArg_ParseTuple(args, "y*nO!O!O!OO!", &view, &start, &PyTuple_Type, &predicates, &PyTuple_Type, &hows,
                          &PyTuple_Type, &tables, &memo, &PyList_Type, &rest))
        return NULL;
    PyObject *result = NULL;
    Buffer buffer = {NULL, 0, 0};
    Py_ssize_t count = PyTuple_GET_SIZE(predicates);
    const char **names = NULL;
    Py_ssize_t *sizes = NULL;
    long *how = NULL;
    if (PyTuple_GET_SIZE(hows) != count || PyTuple_GET_SIZE(tables) != count) {
        PyErr_SetString(PyExc_ValueError, "predicates, hows and tables must be as long");
        goto done;
    }
    if (memo != Py_None && !PyDict_Check(memo)) {
        PyErr_SetString(PyExc_TypeError, "memo must be a dict or None");
        goto done;
    }
    if (start < 0 || start > view.len) {
        PyErr_SetString(PyExc_ValueError, "start outside the data");
        goto done;
    }
    names = PyMem_Calloc((size_t)count + 1, sizeof(char *));
    sizes = PyMem_Calloc((size_t)count + 1, sizeof(Py_ssize_t));
    how = PyMem_Calloc((size_t)count + 1, sizeof(long));
    if (names == NULL || sizes == NULL || how == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *name = PyTuple_GET_ITEM(predicates, k);
        if (!PyBytes_Check(name)) {
            PyErr_SetString(PyExc_TypeError, "predicates must be bytes");
            goto done;
        }
        names[k] = PyBytes_AS_STRING(name);
        sizes[k] = PyBytes_GET_SIZE(name);
        how[k] = PyLong_AsLong(PyTuple_GET_ITEM(hows, k));
        if (how[k] == -1 && PyErr_Occurred())
            goto done;
        if (how[k] == EDGE_ONLY && !PyDict_Check(PyTuple_GET_ITEM(tables, k))) {
            PyErr_SetString(PyExc_TypeError, "an edge table must be a dict");
            goto done;
        }
    }
    const char *data = view.buf, *end = data + view.len, *p = data + start;
    Py_ssize_t triples = 0, lines = 0;
    PyObject *last = NULL; /* the last subject's cell, and its text in data */
    char last_kind = 0;
    Span last_span = {NULL, 0};
    while (p < end) {
        const char *stop = memchr(p, '\n', (size_t)(end - p));
        const char *next = stop == NULL ? end : stop + 1;
        if (stop == NULL)
            stop = end;
        Triple t;
        int what = read_line(p, stop, &t);
        if (what == LINE_OTHER)
            break;
        if (what == LINE_TRIPLE) {
            Py_ssize_t k = 0;
            while (k < count && !(sizes[k] == t.predicate.size &&
                                  memcmp(names[k], t.predicate.start, (size_t)t.predicate.size) == 0))
                k++;
            if (k == count) { /* a triple nothing keeps: its text must still be UTF-8, as the parser requires */
                int valid = valid_utf8(t.start, t.end);
                if (valid < 0)
                    goto done;
                if (!valid)
                    break;
            } else {
                static const Span none = {NULL, 0};
                PyObject *subject;
                if (last != NULL && t.subject_kind == last_kind && t.subject.size == last_span.size &&
                    memcmp(t.subject.start, last_span.start, (size_t)t.subject.size) == 0) {
                    /* a file gives a subject's triples together: its cell made and remembered once */
                    subject = Py_NewRef(last);
                } else {
                    subject = cell(&buffer, t.subject_kind, t.subject, none, 0);
                    if (subject == NULL) {
                        if (!PyErr_ExceptionMatches(PyExc_UnicodeDecodeError))
                            goto done;
                        PyErr_Clear();
                        break; /* not UTF-8: pyoxigraph's parser says so */
                    }
                    subject = remembered(memo, subject);
                    if (subject == NULL)
                        goto done;
                    Py_XSETREF(last, Py_NewRef(subject));
                    last_kind = t.subject_kind;
                    last_span = t.subject;
                }
                PyObject *object;
                if (t.kind == '<' || t.kind == '_')
                    object = cell(&buffer, t.kind, t.text, none, 0);
                else if (t.kind == '"')
                    object = cell(&buffer, '"', t.datatype, t.text, 1);
                else
                    object = cell(&buffer, '@', t.language, t.text, 1);
                if (object == NULL) {
                    Py_DECREF(subject);
                    if (!PyErr_ExceptionMatches(PyExc_UnicodeDecodeError))
                        goto done;
                    PyErr_Clear();
                    break;
                }
                object = remembered(memo, object);
                if (object == NULL) {
                    Py_DECREF(subject);
                    goto done;
                }
                int failed;
                if (how[k] == EDGE_ONLY) {
                    failed = keep_edge(PyTuple_GET_ITEM(tables, k), subject, object);
                } else {
                    PyObject *row = Py_BuildValue("(nOO)", k, subject, object);
                    failed = row == NULL ? -1 : PyList_Append(rest, row);
                    Py_XDECREF(row);
                }
                Py_DECREF(subject);
                Py_DECREF(object);
                if (failed < 0)
                    goto done;
            }
            triples++;
        }
        lines++;
        p = next;
    }
    result = Py_BuildValue("(nnn)", (Py_ssize_t)(p - data), triples, lines);
done:
    Py_XDECREF(last);
    PyMem_Free(buffer.data);
    PyMem_Free(names);
    PyMem_Free(sizes);
    PyMem_Free(how);
    PyBuffer_Release(&view);
    return result;
}

static PyMethodDef methods[] = {
    {"scan", scan, METH_VARARGS, scan_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "kg._ntscan",
    "The plain lines of an N-Triples file read in C for kg load (kg.loaded); see scan().", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__ntscan(void) {
    init_tables();
    return PyModule_Create(&module);
}
