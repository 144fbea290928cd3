package org.rqbpf.grammar;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.TokenStream;

/**
 * The generated parser, telling a {@link BodyStreamer} when a body starts and when a rule ends. It
 * hooks the rule entry and exit calls of the generated code directly: a registered parse listener
 * would also be called for every matched token, which costs a noticeable share of a large parse.
 */
final class StreamingParser extends BpfParser {
    private final BodyStreamer bodies;

    StreamingParser(TokenStream input, BodyStreamer bodies) {
        super(input);
        this.bodies = bodies;
    }

    @Override
    public void enterRule(ParserRuleContext localctx, int state, int ruleIndex) {
        super.enterRule(localctx, state, ruleIndex);
        if (localctx instanceof BodyContext body) {
            bodies.enterBody(body);
        }
    }

    @Override
    public void exitRule() {
        ParserRuleContext ctx = _ctx;
        super.exitRule();
        bodies.exitRule(ctx);
    }
}
