package org.rqbpf.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rqbpf.program.Annotations.Message;

class MessageMatcherTest {
    private static final SourcePos POS = new SourcePos("t.bpf", 1, 1);
    private static final String LOG = "0: (b7) r0 = 0\nR1 !read_ok\nprocessed 2 insns\n";

    private static Message msg(String t) {
        return new Message(t, false, POS);
    }

    private static Message not(String t) {
        return new Message(t, true, POS);
    }

    @Test
    void messagesMatchInOrder() {
        assertNull(MessageMatcher.check(List.of(msg("r0 = 0"), msg("!read_ok")), LOG));
        assertNotNull(MessageMatcher.check(List.of(msg("!read_ok"), msg("r0 = 0")), LOG));
    }

    @Test
    void regexPartsAreRegularExpressions() {
        assertNull(MessageMatcher.check(List.of(msg("R{{[0-9]}} !read_ok")), LOG));
        assertNotNull(MessageMatcher.check(List.of(msg("R{{[2-9]}} !read_ok")), LOG));
        assertNotNull(MessageMatcher.check(List.of(msg("r0 = (0)")), "r0 = 0"), "outside {{}} parentheses are literal");
    }

    @Test
    void notMsgIsCheckedBetweenTheSurroundingMatches() {
        assertNull(MessageMatcher.check(List.of(msg("!read_ok"), not("r0 = 0")), LOG));
        assertEquals("unexpected message found: \"r0 = 0\"",
                MessageMatcher.check(List.of(not("r0 = 0"), msg("!read_ok")), LOG));
        assertNotNull(MessageMatcher.check(List.of(not("processed")), LOG));
    }
}
