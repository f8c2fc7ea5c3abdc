#include "ceventline.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// Every helper below is small and called from one or two places per field: inlined into the
// decoder, the constant keys and lengths they are given fold into plain compares (clang left
// a dozen of them as calls, and the decoder took 12% longer).
#define HELPER static inline __attribute__((always_inline))

// The reader: a position in the line and its end. Every step returns 0 when the line is not
// what it expects, and the decoder then gives the line up (the Swift readers say why).
typedef struct {
    const uint8_t *base;
    const uint8_t *p;
    const uint8_t *end;
} cursor;

#define LIT(c, s) literal((c), (const uint8_t *)(s), sizeof(s) - 1)
#define TRY(x) do { if (!(x)) return 0; } while (0)

HELPER int literal(cursor *c, const uint8_t *s, long n) {
    if (c->end - c->p < n || memcmp(c->p, s, (size_t)n) != 0) return 0;
    c->p += n;
    return 1;
}

/// Whether `n` bytes at `a` and `b` are the same, read eight (or four) at a time, never past
/// either end: ids and names are a few to a few dozen bytes, too short for a memcmp call to pay.
HELPER uint64_t load64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
HELPER uint32_t load32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
HELPER int same_bytes(const uint8_t *a, const uint8_t *b, long n) {
    if (n >= 8) {
        for (long i = 0; i + 8 < n; i += 8) if (load64(a + i) != load64(b + i)) return 0;
        return load64(a + n - 8) == load64(b + n - 8);
    }
    if (n >= 4) return load32(a) == load32(b) && load32(a + n - 4) == load32(b + n - 4);
    for (long i = 0; i < n; i++) if (a[i] != b[i]) return 0;
    return 1;
}

HELPER int32_t offset(const cursor *c, const uint8_t *p) { return (int32_t)(p - c->base); }
HELPER const uint8_t *at(const cursor *c, ledger_span span) { return c->base + span.start; }
HELPER long length(ledger_span span) { return span.end - span.start; }

/// The bytes from `open` to where the reader is now: a quoted string, a list.
HELPER ledger_span since(const cursor *c, const uint8_t *open) {
    return (ledger_span){offset(c, open), offset(c, c->p)};
}

// MARK: numbers

/// A non-negative canonical integer of at most 18 digits (no leading zero, no fraction or
/// exponent after it). Larger and negative numbers are given up: no field takes them.
HELPER int natural(cursor *c, int64_t *out) {
    const uint8_t *p = c->p;
    if (p >= c->end || (unsigned)(*p - '0') > 9) return 0;
    if (*p == '0' && p + 1 < c->end && (unsigned)(p[1] - '0') <= 9) return 0;
    int64_t value = 0;
    const uint8_t *start = p;
    while (p < c->end && (unsigned)(*p - '0') <= 9) {
        if (p - start == 18) return 0;
        value = value * 10 + (*p - '0');
        p++;
    }
    if (p < c->end && (*p == '.' || *p == 'e' || *p == 'E')) return 0;
    c->p = p;
    *out = value;
    return 1;
}

HELPER int in_range(cursor *c, int64_t low, int64_t high, int64_t *out) {
    return natural(c, out) && *out >= low && *out <= high;
}

/// `DataReader.maxCentsValue`.
static const int64_t max_cents = 10000000000000LL;

HELPER int cents(cursor *c, int positive, int64_t *out) {
    return in_range(c, positive ? 1 : 0, max_cents, out);
}

HELPER int boolean(cursor *c, uint8_t *out) {
    if (LIT(c, "true")) { *out = 1; return 1; }
    if (LIT(c, "false")) { *out = 0; return 1; }
    return 0;
}

// MARK: strings

/// `Identifier.maxLength`.
static const long max_identifier = 128;
/// `Identifier.alphabet`: letters, digits and - _ . : /
static uint8_t identifier_bytes[256];
/// Each lowercase hex digit's value; 0xFF for every other byte.
static uint8_t hex_value[256];

__attribute__((constructor)) static void fill_tables(void) {
    for (int c = 0; c < 256; c++) {
        int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'), digit = c >= '0' && c <= '9';
        identifier_bytes[c] = letter || digit || c == '-' || c == '_' || c == '.' || c == ':' || c == '/';
        hex_value[c] = digit ? (uint8_t)(c - '0') : c >= 'a' && c <= 'f' ? (uint8_t)(c - 'a' + 10) : 0xFF;
    }
}

/// Which of eight bytes are zero, as their high bits (SWAR). A borrow can also flag a byte, but
/// only above a zero byte, so the lowest flag is always the first zero.
HELPER uint64_t zero_bytes(uint64_t x) {
    return (x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL;
}

/// Which of eight bytes a string ends at, escapes or must look at closer (a quote, a backslash,
/// a control character, non-ASCII); the lowest flag is the first such byte (as in JSONReader).
HELPER uint64_t special(uint64_t w) {
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    return zero_bytes(w ^ (ones * '"')) | zero_bytes(w ^ (ones * '\\')) | ((w - ones * 0x20) & ~w & high) | (w & high);
}

/// The length of the UTF-8 sequence at `p` (RFC 3629: no overlong forms, no surrogates, at
/// most U+10FFFF — what Swift's `String(validating:)` accepts), or 0.
HELPER int utf8_sequence(const uint8_t *p, const uint8_t *end) {
    uint8_t b = p[0];
    long left = end - p;
    if (b >= 0xC2 && b <= 0xDF) return left >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (b >= 0xE0 && b <= 0xEF) {
        if (left < 3 || (p[2] & 0xC0) != 0x80) return 0;
        uint8_t low = b == 0xE0 ? 0xA0 : 0x80, high = b == 0xED ? 0x9F : 0xBF;
        return p[1] >= low && p[1] <= high ? 3 : 0;
    }
    if (b >= 0xF0 && b <= 0xF4) {
        if (left < 4 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
        uint8_t low = b == 0xF0 ? 0x90 : 0x80, high = b == 0xF4 ? 0x8F : 0xBF;
        return p[1] >= low && p[1] <= high ? 4 : 0;
    }
    return 0;
}

/// The escapes canonical JSON keeps: `\" \\ \b \f \n \r \t` and `\u00xx` (lowercase) for the
/// other control characters. Returns the escape's length, or 0.
HELPER int canonical_escape(const uint8_t *p, const uint8_t *end) {
    if (end - p < 2) return 0;
    switch (p[1]) {
    case '"': case '\\': case 'b': case 'f': case 'n': case 'r': case 't':
        return 2;
    case 'u': {
        if (end - p < 6) return 0;
        int unit = 0;
        for (int i = 2; i < 6; i++) {
            if (hex_value[p[i]] == 0xFF) return 0;
            unit = unit << 4 | hex_value[p[i]];
        }
        if (unit >= 0x20 || unit == 0x08 || unit == 0x09 || unit == 0x0A || unit == 0x0C || unit == 0x0D) return 0;
        return 6;
    }
    default:
        return 0;
    }
}

/// A canonical string: `*content` is the range between its quotes.
HELPER int string(cursor *c, ledger_span *content) {
    TRY(c->p < c->end && *c->p == '"');
    const uint8_t *p = c->p + 1, *end = c->end;
    content->start = offset(c, p);
    for (;;) {
        while (end - p >= 8) {
            uint64_t word;
            memcpy(&word, p, 8);
            uint64_t flags = special(word);
            if (flags == 0) { p += 8; continue; }
            p += __builtin_ctzll(flags) / 8;
            break;
        }
        if (p >= end) return 0;
        uint8_t b = *p;
        if (b == '"') break;
        if (b == '\\') {
            int n = canonical_escape(p, end);
            TRY(n);
            p += n;
        } else if (b >= 0x80) {
            int n = utf8_sequence(p, end);
            TRY(n);
            p += n;
        } else if (b < 0x20) {
            return 0;
        } else {
            p++;
        }
    }
    content->end = offset(c, p);
    c->p = p + 1;
    return 1;
}

/// A string without escapes, of at most `max` bytes: `*content` is the range between its
/// quotes, found eight bytes at a time. Its bytes are not checked here: every caller checks
/// them after — a date's digits, a pseudonym's shape, a name against its list, an identifier
/// against its alphabet — and none of those takes a backslash, so an escape is given up there.
HELPER int quoted(cursor *c, long max, ledger_span *content) {
    TRY(c->p < c->end && *c->p == '"');
    const uint8_t *start = c->p + 1, *p = start;
    const uint8_t *end = c->end - start > max + 1 ? start + max + 1 : c->end;
    for (;;) {
        if (end - p >= 8) {
            uint64_t word;
            memcpy(&word, p, 8);
            uint64_t quote = zero_bytes(word ^ (0x0101010101010101ULL * '"'));
            if (quote) { p += __builtin_ctzll(quote) / 8; break; }
            p += 8;
        } else {
            while (p < end && *p != '"') p++;
            TRY(p < end);
            break;
        }
    }
    content->start = offset(c, start);
    content->end = offset(c, p);
    c->p = p + 1;
    return 1;
}

/// `Identifier.isValid`: 1 to 128 bytes of its alphabet.
HELPER int identifier(cursor *c, ledger_span *content) {
    TRY(quoted(c, max_identifier, content) && content->end > content->start);
    for (const uint8_t *p = at(c, *content), *end = c->base + content->end; p < end; p++) TRY(identifier_bytes[*p]);
    return 1;
}

// MARK: dates

HELPER int digits(const uint8_t *p, int n, int *out) {
    int value = 0;
    for (int i = 0; i < n; i++) {
        unsigned d = (unsigned)(p[i] - '0');
        if (d > 9) return 0;
        value = value * 10 + (int)d;
    }
    *out = value;
    return 1;
}

/// `CalendarDate.parseDate`: days since 1970-01-01 of a real `YYYY-MM-DD`.
HELPER int date(const uint8_t *p, long n, int64_t *out) {
    int year, month, day;
    TRY(n == 10 && p[4] == '-' && p[7] == '-' && digits(p, 4, &year) && digits(p + 5, 2, &month) && digits(p + 8, 2, &day));
    TRY(year >= 1 && month >= 1 && month <= 12 && day >= 1);
    static const int month_days[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    TRY(day <= month_days[month] + (month == 2 && leap));
    // Howard Hinnant's days_from_civil (years here are positive).
    int y = month <= 2 ? year - 1 : year;
    int era = y / 400, yoe = y - era * 400, mp = (month + 9) % 12;
    int doy = (153 * mp + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    *out = (int64_t)era * 146097 + doe - 719468;
    return 1;
}

/// The last date read at one place of a line, with its day number: lines in a row mostly carry
/// the same dates (a batch's `recordedAt`, a day's `effective`), and comparing ten bytes is
/// cheaper than reading them. Only a real date is kept, so a match is one.
typedef struct {
    uint64_t head;
    uint16_t tail;
    int64_t days;
} date_memo;

/// Per thread (each worker reads lines of its own); `days` INT64_MIN until a date is kept.
static __thread date_memo recorded_memo = {0, 0, INT64_MIN}, effective_memo = {0, 0, INT64_MIN}, data_memo = {0, 0, INT64_MIN};

HELPER int memo_date(date_memo *memo, const uint8_t *p, long n, int64_t *out) {
    TRY(n == 10);
    uint64_t head;
    uint16_t tail;
    memcpy(&head, p, 8);
    memcpy(&tail, p + 8, 2);
    if (memo->days != INT64_MIN && head == memo->head && tail == memo->tail) {
        *out = memo->days;
        return 1;
    }
    TRY(date(p, n, out));
    memo->head = head;
    memo->tail = tail;
    memo->days = *out;
    return 1;
}

/// `CalendarDate.parseTimestamp`: seconds since the epoch of `YYYY-MM-DDTHH:MM:SSZ`.
HELPER int timestamp(const uint8_t *p, long n, int64_t *out) {
    int64_t days;
    int hour, minute, second;
    TRY(n == 20 && p[10] == 'T' && p[13] == ':' && p[16] == ':' && p[19] == 'Z' && memo_date(&recorded_memo, p, 10, &days));
    TRY(digits(p + 11, 2, &hour) && digits(p + 14, 2, &minute) && digits(p + 17, 2, &second));
    TRY(hour < 24 && minute < 60 && second < 60);
    *out = days * 86400 + hour * 3600 + minute * 60 + second;
    return 1;
}

HELPER int date_field(cursor *c, date_memo *memo, int64_t *out) {
    ledger_span s;
    return quoted(c, 10, &s) && memo_date(memo, at(c, s), length(s), out);
}

// MARK: pseudonyms (PseudonymKey)

/// Digit count in bits 24–26 and the value below, of `n` digits within `low...high`.
HELPER int pseudonym_digits(const uint8_t *p, long n, int low, int high, int64_t *out) {
    int value;
    TRY(n >= low && n <= high && digits(p, (int)n, &value));
    *out = n << 24 | value;
    return 1;
}

HELPER int household_key(const uint8_t *p, long n, int64_t *out) {
    return n > 3 && p[0] == 'H' && p[1] == 'H' && p[2] == '-' && pseudonym_digits(p + 3, n - 3, 3, 7, out);
}

enum child_kind { DEBT = 'D', OFFER = 'O', PAUSE = 'P' };

typedef struct {
    cursor c;
    ledger_event *e;
} reader;

/// A debt, offer or pause id of the event's household: `<household>/D-` and digits.
HELPER int child(reader *r, enum child_kind kind, int64_t *out) {
    ledger_span s;
    TRY(r->e->household.start >= 0 && quoted(&r->c, 200, &s));
    const uint8_t *p = at(&r->c, s), *h = at(&r->c, r->e->household);
    long n = length(s), hn = length(r->e->household);
    TRY(n > hn + 3 && same_bytes(p, h, hn) && p[hn] == '/' && p[hn + 1] == (uint8_t)kind && p[hn + 2] == '-');
    int64_t number;
    TRY(pseudonym_digits(p + hn + 3, n - hn - 3, kind == PAUSE ? 1 : 3, 6, &number));
    *out = r->e->household_key << 27 | number;
    return 1;
}

HELPER int coach(reader *r, int64_t *out) {
    ledger_span s;
    TRY(quoted(&r->c, 200, &s));
    const uint8_t *p = at(&r->c, s);
    long n = length(s);
    return n > 6 && same_bytes(p, (const uint8_t *)"coach-", 6) && pseudonym_digits(p + 6, n - 6, 2, 6, out);
}

/// A fund id (`Pseudonym.isFund`), as its quoted string.
HELPER int fund(reader *r, ledger_span *id) {
    ledger_span s;
    const uint8_t *open = r->c.p;
    TRY(quoted(&r->c, 40, &s) && length(s) >= 2);
    const uint8_t *p = at(&r->c, s);
    TRY(*p >= 'a' && *p <= 'z');
    for (long i = 1; i < length(s); i++) {
        TRY((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '-');
    }
    *id = since(&r->c, open);
    return 1;
}

/// A string, as its quoted bytes.
HELPER int text(reader *r, ledger_span *span) {
    const uint8_t *open = r->c.p;
    ledger_span content;
    TRY(string(&r->c, &content));
    *span = since(&r->c, open);
    return 1;
}

HELPER int skip_text(reader *r) {
    ledger_span content;
    return string(&r->c, &content);
}

// MARK: closed lists, in the declaration order of the Swift enums (Vocabulary.swift)

enum list {
    CHANNEL, ANSWER, INTENSITY, CAUSE, PROBLEM_AREA, PRIOR_HELP, SELF_RELIANCE, MULTIPROBLEM, DEVELOPMENT_AREA,
    DIRECTION, DEBT_CATEGORY, COST_KIND, RESOLUTION, REPAYMENT_KIND, EXIT_REASON, EVENT_TYPE, LISTS
};

static const char *const vocabulary[LISTS][27] = {
    [CHANNEL] = {"doorToDoor", "letter", "phone", "referral", "earlySignal", "event", "other"},
    [ANSWER] = {"yes", "maybe", "no"},
    [INTENSITY] = {"intensive", "average", "minimal"},
    [CAUSE] = {"structurallyLowIncome", "incomeDrop", "limitedFinancialSkills", "lifeEvent"},
    [PROBLEM_AREA] = {"financial", "family", "language", "health"},
    [PRIOR_HELP] = {"financialAid", "neighbourhoodCoach", "mentalHealthCare", "youthCare", "workAndIncome", "wmoSupport", "none"},
    [SELF_RELIANCE] = {"selfReliant", "vulnerable"},
    [MULTIPROBLEM] = {"light", "severe"},
    [DEVELOPMENT_AREA] = {"education", "newDebts", "language", "paidWork", "parenting", "financialSkills"},
    [DIRECTION] = {"improved", "worsened", "unchanged"},
    [DEBT_CATEGORY] = {"rijksoverheid", "wonen", "zorg", "energie", "gemeente", "onderwijs", "telecom", "overig"},
    [COST_KIND] = {"fine", "collectionCosts", "interest"},
    [RESOLUTION] = {"paidOff", "waived", "cancelled"},
    [REPAYMENT_KIND] = {"money", "contribution"},
    [EXIT_REASON] = {"debtFree", "droppedOut", "moved", "other"},
    [EVENT_TYPE] = {
        "FundDeposited", "HouseholdApproached", "HouseholdResponded", "HouseholdEnrolled", "CoachAssigned",
        "CircumstancesAssessed", "TypologyAssessed", "DevelopmentRecorded", "DebtRegistered", "BalanceRequested",
        "BalanceConfirmed", "DebtCorrected", "CostsAdded", "InventoryCompleted", "PauseInvoked", "PauseLifted",
        "OfferSent", "OfferAccepted", "OfferRejected", "OfferWithdrawn", "SettlementPaid", "PaymentReversed",
        "DebtResolved", "RepaymentAgreed", "RepaymentReceived", "HouseholdExited"},
};

const char *ledger_vocabulary(int list, int ordinal) {
    if (list < 0 || list >= LISTS || ordinal < 0 || ordinal >= 27) return 0;
    return vocabulary[list][ordinal];
}

/// Each list's names in a small open-addressing table (slot → ordinal + 1, 0 where empty),
/// hashed by length and three of their letters: a type is looked up on every line.
enum { NAME_SLOTS = 64 };
static uint8_t name_slots[LISTS][NAME_SLOTS];
static uint8_t name_length[LISTS][27];

HELPER unsigned name_hash(const uint8_t *p, long n) {
    return (unsigned)(n * 7 + p[0] * 3 + p[n - 1] * 5 + p[n / 2]) & (NAME_SLOTS - 1);
}

__attribute__((constructor)) static void fill_names(void) {
    for (int list = 0; list < LISTS; list++) {
        for (int i = 0; vocabulary[list][i]; i++) {
            const uint8_t *name = (const uint8_t *)vocabulary[list][i];
            long n = (long)strlen(vocabulary[list][i]);
            name_length[list][i] = (uint8_t)n;
            unsigned slot = name_hash(name, n);
            while (name_slots[list][slot]) slot = (slot + 1) & (NAME_SLOTS - 1);
            name_slots[list][slot] = (uint8_t)(i + 1);
        }
    }
}

/// The ordinal of the name `p[0..<n]` in `list`, or -1.
HELPER int lookup(enum list list, const uint8_t *p, long n) {
    if (n < 1) return -1;
    for (unsigned slot = name_hash(p, n); name_slots[list][slot]; slot = (slot + 1) & (NAME_SLOTS - 1)) {
        int i = name_slots[list][slot] - 1;
        if (name_length[list][i] == n && same_bytes((const uint8_t *)vocabulary[list][i], p, n)) return i;
    }
    return -1;
}

HELPER int choice(reader *r, enum list list, uint8_t *out) {
    ledger_span s;
    TRY(quoted(&r->c, 40, &s));
    int ordinal = lookup(list, at(&r->c, s), length(s));
    TRY(ordinal >= 0);
    *out = (uint8_t)ordinal;
    return 1;
}

/// A list of distinct choices, packed as `CodeList` packs it.
HELPER int choices(reader *r, enum list list, uint64_t *packed, uint8_t *count) {
    *packed = 0;
    *count = 0;
    TRY(LIT(&r->c, "["));
    if (LIT(&r->c, "]")) return 1;
    do {
        uint8_t ordinal;
        TRY(choice(r, list, &ordinal) && *count < 16);
        for (int i = 0; i < *count; i++) TRY(((*packed >> (4 * i)) & 0xF) != (uint64_t)ordinal + 1);
        *packed |= ((uint64_t)ordinal + 1) << (4 * *count);
        (*count)++;
    } while (LIT(&r->c, ","));
    return LIT(&r->c, "]");
}

/// A non-empty list of distinct child ids, as its bytes (brackets included).
HELPER int child_list(reader *r, enum child_kind kind, ledger_span *list) {
    int64_t seen[64];
    int count = 0;
    const uint8_t *open = r->c.p;
    TRY(LIT(&r->c, "["));
    do {
        int64_t key;
        TRY(child(r, kind, &key) && count < 64);
        for (int i = 0; i < count; i++) TRY(seen[i] != key);
        seen[count++] = key;
    } while (LIT(&r->c, ","));
    TRY(LIT(&r->c, "]"));
    *list = since(&r->c, open);
    return 1;
}

// MARK: the event

#define FIRST(name) TRY(LIT(&r->c, "{\"" name "\":"))
#define FIELD(name) TRY(LIT(&r->c, ",\"" name "\":"))
#define HAS(name) LIT(&r->c, ",\"" name "\":")

/// `data` of the event, as `Fact.read` reads it, field by field in the catalogue's order.
static int data(reader *r) {
    ledger_event *e = r->e;
    int64_t *n = e->number;
    switch (e->type) {
    case 0: // FundDeposited
        FIRST("fund"); TRY(fund(r, &e->text));
        FIELD("amountCents"); TRY(cents(&r->c, 1, &n[0]));
        FIELD("source"); TRY(skip_text(r));
        break;
    case 1: // HouseholdApproached
        FIRST("channel"); TRY(choice(r, CHANNEL, &e->code[0]));
        break;
    case 2: // HouseholdResponded
        FIRST("answer"); TRY(choice(r, ANSWER, &e->code[0]));
        if (HAS("reason")) TRY(skip_text(r));
        break;
    case 3: // HouseholdEnrolled
        FIRST("adults"); TRY(in_range(&r->c, 1, 40, &n[0]));
        FIELD("minors"); TRY(in_range(&r->c, 0, 40, &n[1]));
        FIELD("adultChildren"); TRY(in_range(&r->c, 0, 40, &n[2]));
        FIELD("coach"); TRY(coach(r, &n[3]));
        FIELD("intensity"); TRY(choice(r, INTENSITY, &e->code[0]));
        break;
    case 4: // CoachAssigned
        FIRST("coach"); TRY(coach(r, &n[0]));
        FIELD("intensity"); TRY(choice(r, INTENSITY, &e->code[0]));
        break;
    case 5: // CircumstancesAssessed
        FIRST("causes"); TRY(choices(r, CAUSE, &e->list[0], &e->list_count[0]));
        FIELD("problemAreas"); TRY(choices(r, PROBLEM_AREA, &e->list[1], &e->list_count[1]));
        FIELD("priorHelp"); TRY(choices(r, PRIOR_HELP, &e->list[2], &e->list_count[2]));
        break;
    case 6: // TypologyAssessed
        FIRST("selfReliance"); TRY(choice(r, SELF_RELIANCE, &e->code[0]));
        FIELD("multiproblem"); TRY(choice(r, MULTIPROBLEM, &e->code[1]));
        if (HAS("note")) TRY(text(r, &e->text));
        break;
    case 7: // DevelopmentRecorded
        FIRST("area"); TRY(choice(r, DEVELOPMENT_AREA, &e->code[0]));
        FIELD("direction"); TRY(choice(r, DIRECTION, &e->code[1]));
        if (HAS("note")) TRY(skip_text(r));
        break;
    case 8: // DebtRegistered
        FIRST("debt"); TRY(child(r, DEBT, &n[0]));
        FIELD("creditor"); TRY(text(r, &e->text));
        FIELD("category"); TRY(choice(r, DEBT_CATEGORY, &e->code[0]));
        FIELD("originalCents"); TRY(cents(&r->c, 0, &n[1]));
        FIELD("currentCents"); TRY(cents(&r->c, 0, &n[2]));
        if (HAS("reference")) TRY(skip_text(r));
        if (HAS("collector")) TRY(skip_text(r));
        FIELD("preferential"); TRY(boolean(&r->c, &e->flag[0]));
        if (HAS("lateClaim")) TRY(boolean(&r->c, &e->flag[1]));
        break;
    case 9: // BalanceRequested
        FIRST("debt"); TRY(child(r, DEBT, &n[0]));
        break;
    case 10: // BalanceConfirmed
        FIRST("debt"); TRY(child(r, DEBT, &n[0]));
        FIELD("currentCents"); TRY(cents(&r->c, 0, &n[1]));
        break;
    case 11: // DebtCorrected
        FIRST("debt"); TRY(child(r, DEBT, &n[0]));
        FIELD("creditor"); TRY(text(r, &e->text));
        FIELD("category"); TRY(choice(r, DEBT_CATEGORY, &e->code[0]));
        FIELD("currentCents"); TRY(cents(&r->c, 0, &n[1]));
        FIELD("reason"); TRY(skip_text(r));
        break;
    case 12: { // CostsAdded
        uint8_t kind;
        FIRST("debt"); TRY(child(r, DEBT, &n[0]));
        FIELD("amountCents"); TRY(cents(&r->c, 1, &n[1]));
        FIELD("kind"); TRY(choice(r, COST_KIND, &kind));
        break;
    }
    case 13: // InventoryCompleted
        FIRST("debtCount"); TRY(in_range(&r->c, 0, 100000, &n[0]));
        FIELD("totalCents"); TRY(cents(&r->c, 0, &n[1]));
        break;
    case 14: // PauseInvoked
        FIRST("pause"); TRY(child(r, PAUSE, &n[0]));
        FIELD("debts"); TRY(child_list(r, DEBT, &e->text));
        FIELD("from"); TRY(date_field(&r->c, &data_memo, &n[1]));
        FIELD("until"); TRY(date_field(&r->c, &data_memo, &n[2]));
        break;
    case 15: // PauseLifted
        FIRST("pause"); TRY(child(r, PAUSE, &n[0]));
        FIELD("reason"); TRY(skip_text(r));
        break;
    case 16: // OfferSent
        FIRST("offer"); TRY(child(r, OFFER, &n[0]));
        FIELD("debt"); TRY(child(r, DEBT, &n[1]));
        FIELD("amountCents"); TRY(cents(&r->c, 1, &n[2]));
        FIELD("expiresOn"); TRY(date_field(&r->c, &data_memo, &n[3]));
        break;
    case 17: // OfferAccepted
        FIRST("offer"); TRY(child(r, OFFER, &n[0]));
        break;
    case 18: // OfferRejected
    case 19: // OfferWithdrawn
        FIRST("offer"); TRY(child(r, OFFER, &n[0]));
        FIELD("reason"); TRY(skip_text(r));
        break;
    case 20: { // SettlementPaid
        ledger_span fund_id;
        FIRST("offer"); TRY(child(r, OFFER, &n[0]));
        FIELD("fund"); TRY(fund(r, &fund_id));
        FIELD("amountCents"); TRY(cents(&r->c, 1, &n[1]));
        FIELD("paymentRef"); TRY(text(r, &e->text));
        break;
    }
    case 21: // PaymentReversed
        FIRST("offer"); TRY(child(r, OFFER, &n[0]));
        FIELD("amountCents"); TRY(cents(&r->c, 1, &n[1]));
        FIELD("reason"); TRY(skip_text(r));
        break;
    case 22: // DebtResolved
        FIRST("debt"); TRY(child(r, DEBT, &n[0]));
        FIELD("how"); TRY(choice(r, RESOLUTION, &e->code[0]));
        break;
    case 23: // RepaymentAgreed
        FIRST("monthlyCents"); TRY(cents(&r->c, 1, &n[0]));
        FIELD("months"); TRY(in_range(&r->c, 1, 600, &n[1]));
        FIELD("inKind"); TRY(boolean(&r->c, &e->flag[0]));
        break;
    case 24: { // RepaymentReceived
        uint8_t kind;
        FIRST("amountCents"); TRY(cents(&r->c, 1, &n[0]));
        FIELD("kind"); TRY(choice(r, REPAYMENT_KIND, &kind));
        break;
    }
    case 25: // HouseholdExited
        FIRST("reason"); TRY(choice(r, EXIT_REASON, &e->code[0]));
        if (HAS("note")) TRY(skip_text(r));
        break;
    default:
        return 0;
    }
    return LIT(&r->c, "}");
}

/// 64 lowercase hex digits as the 32 bytes they spell; 0 when one is not such a digit. Sixteen
/// digits at a time where SSE2 is there (every x86-64): a byte loop was a quarter of the decoder.
HELPER int digest_hex(const uint8_t *p, uint8_t out[32]) {
#if defined(__SSE2__)
    // Unsigned compares as signed ones with the high bit flipped: x < n ⇔ (x ^ 0x80) < (n ^ 0x80).
    const __m128i flip = _mm_set1_epi8((char)0x80);
    __m128i halves[4];
    int digits = 0xFFFF;
    for (int i = 0; i < 4; i++) {
        __m128i bytes = _mm_loadu_si128((const __m128i *)(p + 16 * i));
        __m128i digit = _mm_sub_epi8(bytes, _mm_set1_epi8('0')), letter = _mm_sub_epi8(bytes, _mm_set1_epi8('a'));
        __m128i isDigit = _mm_cmplt_epi8(_mm_xor_si128(digit, flip), _mm_set1_epi8((char)(0x80 + 10)));
        __m128i isLetter = _mm_cmplt_epi8(_mm_xor_si128(letter, flip), _mm_set1_epi8((char)(0x80 + 6)));
        digits &= _mm_movemask_epi8(_mm_or_si128(isDigit, isLetter));
        __m128i value = _mm_or_si128(_mm_and_si128(isDigit, digit), _mm_and_si128(isLetter, _mm_add_epi8(letter, _mm_set1_epi8(10))));
        // Each pair of digits (high first) into the low byte of its 16-bit lane.
        halves[i] = _mm_or_si128(_mm_slli_epi16(_mm_and_si128(value, _mm_set1_epi16(0x00FF)), 4), _mm_srli_epi16(value, 8));
    }
    _mm_storeu_si128((__m128i *)out, _mm_packus_epi16(halves[0], halves[1]));
    _mm_storeu_si128((__m128i *)(out + 16), _mm_packus_epi16(halves[2], halves[3]));
    return digits == 0xFFFF;
#else
    // Without branches: a byte that is no hex digit sets high bits in `bad`.
    uint8_t bad = 0;
    for (int i = 0; i < 32; i++) {
        uint8_t high = hex_value[p[2 * i]], low = hex_value[p[2 * i + 1]];
        bad |= high | low;
        out[i] = (uint8_t)(high << 4 | low);
    }
    return bad < 16;
#endif
}

/// `Limits.maxBatchEvents`.
static const int64_t max_batch_events = 4 * 1024 * 1024;

int ledger_decode_event(const uint8_t *line, long n, ledger_event *e) {
    reader r = {{line, line, line + n}, e};
    cursor *c = &r.c;
    memset(e, 0, sizeof *e);
    e->key.start = e->household.start = e->text.start = -1;
    e->key.end = e->household.end = e->text.end = -1;
    e->household_key = -1;

    TRY(LIT(c, "{\"seq\":") && natural(c, &e->seq) && e->seq >= 1);
    if (LIT(c, ",\"batch\":")) TRY(in_range(c, 2, max_batch_events, &e->batch));
    TRY(LIT(c, ",\"type\":") && choice(&r, EVENT_TYPE, &e->type));
    ledger_span s;
    TRY(LIT(c, ",\"v\":1,\"recordedAt\":") && quoted(c, 20, &s) && timestamp(at(c, s), length(s), &e->recorded_at));
    int64_t effective;
    TRY(LIT(c, ",\"effective\":") && date_field(c, &effective_memo, &effective));
    e->effective = (int32_t)effective;
    TRY(LIT(c, ",\"actor\":") && identifier(c, &e->actor));
    if (LIT(c, ",\"key\":")) TRY(identifier(c, &e->key));
    if (LIT(c, ",\"household\":")) {
        // Its shape (HH- and digits) is more than the identifier alphabet asks.
        TRY(quoted(c, max_identifier, &e->household));
        TRY(household_key(at(c, e->household), length(e->household), &e->household_key));
    }
    // FundDeposited is the one event without a household.
    TRY((e->type == 0) == (e->household.start < 0));
    TRY(LIT(c, ",\"data\":"));
    e->data.start = offset(c, c->p);
    TRY(data(&r));
    e->data.end = offset(c, c->p);
    TRY(LIT(c, ",\"prev\":\"") && c->end - c->p == 66 && c->p[64] == '"' && c->p[65] == '}');
    return digest_hex(c->p, (uint8_t *)e->prev);
}

// MARK: input lines

HELPER void whitespace(cursor *c) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n')) c->p++;
}

/// Moves past a JSON object, found by its brackets and strings alone: whether what is inside
/// is JSON is the Swift reader's to say, and it must read exactly these bytes.
HELPER int skip_object(cursor *c) {
    TRY(c->p < c->end && *c->p == '{');
    long depth = 0;
    for (const uint8_t *p = c->p; p < c->end; p++) {
        switch (*p) {
        case '{': case '[': depth++; break;
        case '}': case ']':
            if (--depth == 0) { c->p = p + 1; return 1; }
            break;
        case '"':
            for (p++; p < c->end && *p != '"'; p++) if (*p == '\\') p++;
            if (p >= c->end) return 0;
            break;
        }
    }
    return 0;
}

/// The envelope's fields an input line may give, as bits of `seen`.
enum input_field { IN_TYPE = 1, IN_VERSION = 2, IN_EFFECTIVE = 4, IN_ACTOR = 8, IN_KEY = 16, IN_HOUSEHOLD = 32, IN_DATA = 64 };

HELPER int input_field(const uint8_t *p, long n) {
    switch (n) {
    case 1: return p[0] == 'v' ? IN_VERSION : 0;
    case 3: return memcmp(p, "key", 3) == 0 ? IN_KEY : 0;
    case 4: return memcmp(p, "type", 4) == 0 ? IN_TYPE : memcmp(p, "data", 4) == 0 ? IN_DATA : 0;
    case 5: return memcmp(p, "actor", 5) == 0 ? IN_ACTOR : 0;
    case 9: return memcmp(p, "effective", 9) == 0 ? IN_EFFECTIVE : memcmp(p, "household", 9) == 0 ? IN_HOUSEHOLD : 0;
    default: return 0;
    }
}

int ledger_read_input(const uint8_t *line, long n, ledger_input *in) {
    reader r = {{line, line, line + n}, 0};
    cursor *c = &r.c;
    ledger_span none = {-1, -1};
    in->actor = in->key = in->household = in->data = none;
    in->version = -1;
    in->effective = 0;
    in->has_effective = 0;
    in->type = 0xFF;
    int seen = 0;
    whitespace(c);
    TRY(LIT(c, "{"));
    do {
        ledger_span name;
        whitespace(c);
        TRY(quoted(c, 9, &name));
        int field = input_field(at(c, name), length(name));
        TRY(field && !(seen & field));
        seen |= field;
        whitespace(c);
        TRY(LIT(c, ":"));
        whitespace(c);
        switch (field) {
        case IN_TYPE: TRY(choice(&r, EVENT_TYPE, &in->type)); break;
        case IN_VERSION: TRY(natural(c, &in->version)); break;
        case IN_EFFECTIVE: {
            int64_t days;
            TRY(date_field(c, &effective_memo, &days));
            in->effective = (int32_t)days;
            in->has_effective = 1;
            break;
        }
        case IN_ACTOR: TRY(identifier(c, &in->actor)); break;
        case IN_KEY: TRY(identifier(c, &in->key)); break;
        case IN_HOUSEHOLD: TRY(identifier(c, &in->household)); break;
        case IN_DATA:
            in->data.start = offset(c, c->p);
            TRY(skip_object(c));
            in->data.end = offset(c, c->p);
            break;
        }
        whitespace(c);
    } while (LIT(c, ","));
    TRY(LIT(c, "}"));
    whitespace(c);
    return c->p == c->end;
}
