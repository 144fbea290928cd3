package org.rqbpf.maps;

/** Size checks of the byte arrays host callers (CLI, tests, workload) pass to {@link BpfMap}. */
final class HostArgs {
    private HostArgs() {}

    static void checkKey(BpfMap map, byte[] key) {
        if (key.length != map.keySize()) {
            throw new IllegalArgumentException("key of map " + map.def().name() + " has " + map.keySize()
                    + " bytes, not " + key.length);
        }
    }

    static void checkValue(BpfMap map, byte[] value) {
        if (value.length != map.hostValueSize()) {
            throw new IllegalArgumentException("value of map " + map.def().name() + " has " + map.hostValueSize()
                    + " bytes, not " + value.length);
        }
    }
}
