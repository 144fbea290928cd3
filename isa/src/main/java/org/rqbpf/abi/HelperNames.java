package org.rqbpf.abi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The name of every helper id of the Linux UAPI ({@code bpf_map_lookup_elem} is 1, ... {@code
 * bpf_cgrp_storage_delete} is 211), also of those rqbpf does not implement: the verifier names them as
 * the kernel's {@code func_id_name} does, and the assembler accepts {@code call bpf_NAME} for any.
 */
public final class HelperNames {
    private static final String[] NAMES = load();
    private static final Map<String, Integer> IDS = ids();

    private HelperNames() {}

    /** The name of helper {@code id} ({@code bpf_unspec} for 0), or null past the last id. */
    public static String of(int id) {
        return id >= 0 && id < NAMES.length ? NAMES[id] : null;
    }

    /** The id of the helper named {@code name}, or -1. */
    public static int idOf(String name) {
        return IDS.getOrDefault(name, -1);
    }

    /** One past the last helper id ({@code __BPF_FUNC_MAX_ID}). */
    public static int maxId() {
        return NAMES.length;
    }

    private static String[] load() {
        try (InputStream in = HelperNames.class.getResourceAsStream("helper-names.txt")) {
            if (in == null) {
                throw new IllegalStateException("helper-names.txt is missing from the isa jar");
            }
            Map<Integer, String> byId = new HashMap<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                byId.put(Integer.parseInt(f[0]), f[1]);
            }
            String[] names = new String[byId.size()];
            for (int i = 0; i < names.length; i++) {
                names[i] = byId.get(i);
                if (names[i] == null) {
                    throw new IllegalStateException("helper-names.txt has no helper " + i);
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Integer> ids() {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < NAMES.length; i++) {
            m.put(NAMES[i], i);
        }
        return m;
    }
}
