package org.rqbpf.speed;

import java.util.Arrays;

/** A sample of measurements: its minimum, median and maximum. */
public record Samples(double[] values) {
    public Samples {
        if (values.length == 0) {
            throw new IllegalArgumentException("an empty sample");
        }
        values = values.clone();
        Arrays.sort(values);
    }

    public double min() {
        return values[0];
    }

    public double max() {
        return values[values.length - 1];
    }

    /** The middle value (the mean of the two middle ones for an even count). */
    public double median() {
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
