#ifndef CEVENTLINE_H
#define CEVENTLINE_H

#include <stdint.h>

/// The replay's fast path (issue 7): one pass over a log line in the canonical form the ledger
/// writes, reading its envelope and its `data` as the catalogue has them, into numbers and byte
/// ranges. It accepts a line only when the Swift readers (`EventLine.decode`, `Fact.read`)
/// accept it and read the same values — `EventLineDecoderTests` holds it to that over the demo
/// log and mutations of it — and gives up on anything else, without saying why: the Swift
/// readers then read the line again and name what is wrong.

/// A byte range of the line; `start` is -1 when the field is absent.
typedef struct {
    int32_t start;
    int32_t end;
} ledger_span;

/// A decoded line. Which of the `number`, `text`, `code`, `list` and `flag` slots an event type
/// fills, and in which order, is `Fact.init(_:)`'s to say (it follows `Fact.read`).
typedef struct {
    int64_t seq;
    /// The batch size on the first event of a batch, else 0.
    int64_t batch;
    /// Seconds since the epoch.
    int64_t recorded_at;
    /// The household's `PseudonymKey`, -1 without a household.
    int64_t household_key;
    int64_t number[4];
    /// `prev` as its 32 bytes.
    uint64_t prev[4];
    /// Days since the epoch.
    int32_t effective;
    ledger_span actor, key, household, data;
    /// Quoted strings (quotes included), or a list of ids (brackets included).
    ledger_span text;
    /// Packed lists of choices: each its ordinal + 1 in four bits, the first lowest.
    uint64_t list[3];
    uint8_t list_count[3];
    /// Ordinals of choices, in the declaration order of the Swift enums.
    uint8_t code[2];
    uint8_t flag[2];
    /// The ordinal of the event type in `EventType.allCases`.
    uint8_t type;
} ledger_event;

/// Decodes `length` bytes (a line without its newline). 1 when the line is canonical and
/// matches the catalogue, with `out` filled; 0 when the fast path gives the line up.
int ledger_decode_event(const uint8_t *line, long length, ledger_event *out);

/// An append batch's input line read by its fast path: an object with the envelope's fields in
/// any order, whitespace between tokens, strings without escapes, `data` an object whose end is
/// found here and whose reading is the Swift reader's (`PendingEvent(plainInputLine:)`).
typedef struct {
    /// Absent fields have -1 (spans: `start`).
    ledger_span actor, key, household, data;
    int64_t version;
    /// Days since the epoch; `has_effective` 0 when absent.
    int32_t effective;
    uint8_t has_effective;
    /// The ordinal of the event type in `EventType.allCases`, 0xFF when absent.
    uint8_t type;
} ledger_input;

/// Reads `length` bytes (a line without its newline). 1 when the line has the plain shape, with
/// `out` filled (fields may be missing: the Swift side checks which are needed); 0 when the
/// fast path gives the line up, and the full reader reads it again.
int ledger_read_input(const uint8_t *line, long length, ledger_input *out);

/// The name of choice `ordinal` of closed list `list` (0 Channel, 1 Answer, 2 Intensity, 3 Cause,
/// 4 ProblemArea, 5 PriorHelp, 6 SelfReliance, 7 Multiproblem, 8 DevelopmentArea, 9 Direction,
/// 10 DebtCategory, 11 CostKind, 12 Resolution, 13 RepaymentKind, 14 ExitReason, 15 EventType),
/// or NULL past its end: for the test that holds these tables to the Swift enums.
const char *ledger_vocabulary(int list, int ordinal);

#endif
