package org.rqbpf.hostbpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rqbpf.abi.Errno;
import org.rqbpf.elf.BtfWriter;

/** The BTF encoder against the kernel's own BTF checker: what it accepts, and its errno and log line when not. */
class BtfWriterTest {
    @BeforeEach
    void needsTheKernel() {
        if (!HostKernel.available()) {
            System.out.println("SKIPPED (host kernel): " + HostKernel.unavailableReason());
        }
        assumeTrue(HostKernel.available(), HostKernel.unavailableReason());
    }

    @AfterEach
    void nothingLeftOpen() {
        assertEquals(0, Fd.openCount(), "every descriptor is closed");
    }

    /** Every kind the encoder writes, as a map value with a lock would use them. */
    private static BtfWriter everyKind() {
        BtfWriter w = new BtfWriter();
        int u32 = w.addInt("unsigned int", 4, 0);
        int s64 = w.addInt("long", 8, BtfWriter.INT_SIGNED);
        int lock = w.addStruct("bpf_res_spin_lock", 4, new BtfWriter.Member("val", u32, 0));
        int arr = w.addArray(s64, u32, 4);
        int value = w.addStruct("value", 40, new BtfWriter.Member("lock", lock, 0),
                new BtfWriter.Member("counts", arr, 64));
        int ptr = w.addPointer(value);
        int proto = w.addFuncProto(u32, new BtfWriter.Member("v", ptr, 0), new BtfWriter.Member("n", s64, 0));
        w.addFunc("f", proto, BtfWriter.LINKAGE_GLOBAL);
        int var = w.addVar("counter", s64, BtfWriter.VAR_GLOBAL_ALLOCATED);
        w.addDatasec(".data", 8, new BtfWriter.SectionVar(var, 0, 8));
        return w;
    }

    @Test
    void theKernelAcceptsEveryKindWeWrite() throws Exception {
        BtfWriter w = everyKind();
        assertEquals(10, w.typeCount());
        try (Fd btf = HostBpf.btfLoad(w.build(), "test BTF")) {
            assertTrue(btf.value() > 0);
        }
    }

    @Test
    void aMapValueWithAResLockIsCreatedWithThatBtf() throws Exception {
        BtfWriter w = everyKind();
        try (Fd btf = HostBpf.btfLoad(w.build(), "test BTF");
                Fd map = HostBpf.mapCreate(new HostBpf.MapSpec("locked", 2, 4, 40, 1, 0, btf, 1, 5))) {
            HostBpf.mapUpdate(map, new byte[4], new byte[40], 0);
            assertEquals(40, HostBpf.mapLookup(map, new byte[4], 40).length);
        }
    }

    @Test
    void badMagicIsTheKernelsEinval() {
        byte[] raw = everyKind().build();
        raw[0] = 0;
        BpfException e = assertThrows(BpfException.class, () -> HostBpf.btfLoad(raw, "test BTF"));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(BpfCommand.BTF_LOAD, e.command());
    }

    @Test
    void aMemberPastItsStructComesBackWithTheKernelsLogLine() {
        BtfWriter w = new BtfWriter();
        int u32 = w.addInt("unsigned int", 4, 0);
        w.addStruct("broken", 4, new BtfWriter.Member("past_the_end", u32, 64));
        BpfException e = assertThrows(BpfException.class, () -> HostBpf.btfLoad(w.build(), "test BTF"));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.log().contains("Member bits_offset exceeds its struct size"), e.log());
        assertTrue(e.getMessage().contains("Member bits_offset exceeds its struct size"), e.getMessage());
    }

    @Test
    void twoSpinLocksInOneValueAreRefusedAtBtfLoad() {
        BtfWriter w = new BtfWriter();
        int u32 = w.addInt("unsigned int", 4, 0);
        int lock = w.addStruct("bpf_spin_lock", 4, new BtfWriter.Member("val", u32, 0));
        w.addStruct("two", 8, new BtfWriter.Member("a", lock, 0), new BtfWriter.Member("b", lock, 32));
        BpfException e = assertThrows(BpfException.class, () -> HostBpf.btfLoad(w.build(), "test BTF"));
        assertEquals(Errno.E2BIG, e.errno());
    }

    @Test
    void theHeaderIsLaidOutAsBtfRstSays() {
        byte[] raw = everyKind().build();
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xeB9F, b.getShort(0) & 0xffff);
        assertEquals(1, raw[2]);
        assertEquals(24, b.getInt(4));
        assertEquals(raw.length, 24 + b.getInt(12) + b.getInt(20));
        assertEquals(0, raw[24 + b.getInt(16)], "the string section starts with the empty string");
    }
}
