package org.rqbpf.runtime.jit;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceClassVisitor;

/** A class file as ASM's {@link Textifier} prints it ({@code rqbpf asm --jit}, the golden files). */
final class BytecodeListing {
    private BytecodeListing() {}

    static String of(byte[] classFile) {
        StringWriter out = new StringWriter();
        try (PrintWriter pw = new PrintWriter(out)) {
            new ClassReader(classFile).accept(new TraceClassVisitor(null, new Textifier(), pw), 0);
        }
        return out.toString();
    }
}
