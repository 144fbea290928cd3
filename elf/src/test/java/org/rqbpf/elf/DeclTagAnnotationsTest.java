package org.rqbpf.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rqbpf.program.Annotations;
import org.rqbpf.program.SourcePos;

class DeclTagAnnotationsTest {
    private static final SourcePos POS = new SourcePos("t.c", 3, 1);

    @Test
    void plainTagsAsOlderBpfMiscHWritesThem() throws Exception {
        Annotations a = DeclTagAnnotations.of(List.of("comment:test_expect_failure", "comment:test_expect_msg=R0 !read_ok",
                "comment:test_expect_not_msg=invalid", "comment:test_retval=0x10", "comment:test_log_level=2"), POS, "p");
        assertEquals(Annotations.Verdict.FAILURE, a.expected());
        assertEquals(List.of("R0 !read_ok", "invalid"), a.messages().stream().map(Annotations.Message::text).toList());
        assertTrue(a.messages().get(1).negated());
        assertEquals(16L, a.retval());
        assertEquals(2, a.logLevel());
        assertNull(a.unpriv());
    }

    @Test
    void numberedTagsAreTakenInTheirCountersOrder() throws Exception {
        Annotations a = DeclTagAnnotations.of(List.of("comment:12:test_expect_msg=second", "comment:11:test_expect_msg=first",
                "comment:10:test_expect_success", "comment:13:test_expect_failure_unpriv",
                "comment:14:test_expect_msg_unpriv=R1=ctx()", "comment:15:test_retval=_INT_MIN"), POS, "p");
        assertEquals(Annotations.Verdict.SUCCESS, a.expected());
        assertEquals(List.of("first", "second"), a.messages().stream().map(Annotations.Message::text).toList());
        assertEquals(Annotations.Verdict.FAILURE, a.unpriv().expected());
        assertEquals("R1=ctx()", a.unpriv().messages().get(0).text());
        assertEquals((long) Integer.MIN_VALUE, a.retval());
    }

    @Test
    void messagesNumberedAsBpfMiscH612WritesThemLoseTheirNumber() throws Exception {
        Annotations a = DeclTagAnnotations.of(List.of("comment:test_expect_failure", "comment:test_expect_msg=7=R1=ctx() second",
                "comment:test_expect_msg=3=first", "comment:test_expect_msg_unpriv=9=R0 leaks addr"), POS, "p");
        assertEquals(Annotations.Verdict.FAILURE, a.expected());
        assertEquals(List.of("first", "R1=ctx() second"), a.messages().stream().map(Annotations.Message::text).toList());
        assertEquals("R0 leaks addr", a.unpriv().messages().get(0).text());
        Annotations plain = DeclTagAnnotations.of(List.of("comment:test_expect_msg=R2=fp-8"), POS, "p");
        assertEquals("R2=fp-8", plain.messages().get(0).text());
    }

    @Test
    void otherTagsAreNoAnnotationsAndABadRetvalIsAnError() throws Exception {
        assertSame(Annotations.NONE, DeclTagAnnotations.of(List.of("kptr_untrusted", "comment:3:load_mode=jited"), POS, "p"));
        MalformedObjectException e = assertThrows(MalformedObjectException.class,
                () -> DeclTagAnnotations.of(List.of("comment:test_retval=abc"), POS, "p"));
        assertEquals("program 'p': __retval value 'abc' is not a number", e.getMessage());
    }
}
