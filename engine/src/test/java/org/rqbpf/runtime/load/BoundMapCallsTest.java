package org.rqbpf.runtime.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rqbpf.grammar.Assembler;
import org.rqbpf.program.Program;
import org.rqbpf.runtime.testrun.TestRun;
import org.rqbpf.runtime.testrun.TestRunOptions;

/**
 * Map element helpers bound to their map where the verifier proved the call always passes one map
 * ({@code record_func_map}), and left generic where two maps reach one call (a poisoned call): the
 * verdict's {@code callMaps}, the image's, and what each program returns on both back ends.
 */
class BoundMapCallsTest {
    /**
     * {@code one_map} writes {@code a[0] = 5} and reads it back; {@code each_map} writes {@code b[0] = 9}
     * and returns {@code a[0] + b[0]}, each lookup bound to its own map; {@code two_maps} writes {@code b[0] = 9}
     * and reads key 0 of {@code a} or, when the packet's first byte is not 0, of {@code b}.
     */
    private static final String SOURCE = """
            struct {
            	__uint(type, BPF_MAP_TYPE_ARRAY);
            	__uint(max_entries, 1);
            	__type(key, u32);
            	__type(value, u64);
            } a SEC(".maps");

            struct {
            	__uint(type, BPF_MAP_TYPE_HASH);
            	__uint(max_entries, 4);
            	__type(key, u32);
            	__type(value, u64);
            } b SEC(".maps");

            SEC("?tc")
            one_map:
            	r1 = 0
            	*(u32 *)(r10 - 4) = r1
            	r1 = 5
            	*(u64 *)(r10 - 16) = r1
            	r1 = a ll
            	r2 = r10
            	r2 += -4
            	r3 = r10
            	r3 += -16
            	r4 = 0
            	call bpf_map_update_elem
            	r1 = a ll
            	r2 = r10
            	r2 += -4
            	call bpf_map_lookup_elem
            	if r0 == 0 goto out
            	r0 = *(u64 *)(r0 + 0)
            	exit
            out:
            	r0 = 99
            	exit

            SEC("?tc")
            each_map:
            	r1 = 0
            	*(u32 *)(r10 - 4) = r1
            	r1 = 9
            	*(u64 *)(r10 - 16) = r1
            	r1 = b ll
            	r2 = r10
            	r2 += -4
            	r3 = r10
            	r3 += -16
            	r4 = 0
            	call bpf_map_update_elem
            	r1 = a ll
            	r2 = r10
            	r2 += -4
            	call bpf_map_lookup_elem
            	if r0 == 0 goto out
            	r6 = *(u64 *)(r0 + 0)
            	r1 = b ll
            	r2 = r10
            	r2 += -4
            	call bpf_map_lookup_elem
            	if r0 == 0 goto out
            	r0 = *(u64 *)(r0 + 0)
            	r0 += r6
            	exit
            out:
            	r0 = 99
            	exit

            SEC("?tc")
            two_maps:
            	r2 = *(u32 *)(r1 + 76)
            	r3 = *(u32 *)(r1 + 80)
            	r4 = r2
            	r4 += 1
            	r0 = 98
            	if r4 > r3 goto end
            	r6 = *(u8 *)(r2 + 0)
            	r1 = 0
            	*(u32 *)(r10 - 4) = r1
            	r1 = 9
            	*(u64 *)(r10 - 16) = r1
            	r1 = b ll
            	r2 = r10
            	r2 += -4
            	r3 = r10
            	r3 += -16
            	r4 = 0
            	call bpf_map_update_elem
            	r1 = a ll
            	if r6 == 0 goto look
            	r1 = b ll
            look:
            	r2 = r10
            	r2 += -4
            	call bpf_map_lookup_elem
            	if r0 == 0 goto out
            	r0 = *(u64 *)(r0 + 0)
            	exit
            out:
            	r0 = 99
            end:
            	exit
            """;

    private static Program file() throws Exception {
        return Assembler.parse("bound.bpf", SOURCE);
    }

    static Stream<Arguments> backends() {
        return Stream.of(Arguments.of(Backend.INTERPRETER), Arguments.of(Backend.JIT));
    }

    @Test
    void theVerdictBindsOnlyCallsThatTakeOneMap() throws Exception {
        LoadedFile f = Loader.load(TestRun.newMachine(), file(), null, LoadOptions.defaults());
        LoadedProgram one = f.program("one_map");
        assertEquals(Map.of(11, 0, 16, 0), one.verdict().callMaps());
        assertEquals(one.verdict().callMaps(), one.executable().image().callMaps());
        assertEquals(Map.of(11, 1, 16, 0, 23, 1), f.program("each_map").verdict().callMaps());
        assertEquals(Map.of(18, 1), f.program("two_maps").verdict().callMaps(), "the lookup at 26 takes a or b: poisoned");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void boundAndPoisonedCallsUseTheMapOfTheirPath(Backend backend) throws Exception {
        TestRunOptions options = TestRunOptions.defaults().withLoad(LoadOptions.defaults().withBackend(backend));
        assertEquals(5, TestRun.run(file(), "one_map", options).r0());
        assertEquals(9, TestRun.run(file(), "each_map", options).r0());
        assertEquals(0, TestRun.run(file(), "two_maps", options).r0(), "a[0] was never written: 0");
        byte[] packet = new byte[64];
        packet[0] = 1;
        assertEquals(9, TestRun.run(file(), "two_maps", new TestRunOptions(null, packet, 1, options.load())).r0());
    }
}
