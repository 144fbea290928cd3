/*
 * Tokens of the .bpf language (spec/language.md). Words such as type names, helper names, map
 * attributes and byte-order mnemonics are plain IDs checked by the assembler, which keeps the lexer a
 * small DFA and lets error messages name the offending word. Every rule is a plain longest match: the
 * lexer never needs lookahead beyond the token it is building.
 */
lexer grammar BpfLexer;

STRUCT : 'struct' ;
SEC    : 'SEC' ;
STATIC : 'static' ;
GLOBAL : 'global' ;
IF     : 'if' ;
GOTO   : 'goto' ;
GOTOL  : 'gotol' ;
CALL   : 'call' ;
CALLX  : 'callx' ;
EXIT   : 'exit' ;
LOCK   : 'lock' ;
LL     : 'll' ;

// `kfunc#N` is the raw disassembly of a kfunc call; without this token `#` would start a comment.
KFUNC_REF : 'kfunc#' [0-9]+ ;

REG : [rw] [0-9]+ ;
ID  : [A-Za-z_] [A-Za-z0-9_.]* ;
NUMBER : [+-]? ( '0' [xX] [0-9a-fA-F]+ | [0-9]+ ) ;
STRING : '"' ( ~["\\\r\n] | '\\' ~[\r\n] )* '"' ;

// The symbol note llvm-objdump prints after a jump (`goto +2 <LBB0_3>`); ignored on input.
NOTE : '<' [A-Za-z_.] [A-Za-z0-9_.+\-]* '>' ;

ALU_ASSIGN : '+=' | '-=' | '*=' | '/=' | '%=' | '&=' | '|=' | '^=' | '<<=' | '>>=' | 's>>=' | 's/=' | 's%=' ;
CMP : '==' | '!=' | '>' | '>=' | '<' | '<=' | 's>' | 's>=' | 's<' | 's<=' ;

ASSIGN : '=' ;
AMP    : '&' ;
PIPE   : '|' ;
STAR   : '*' ;
PLUS   : '+' ;
MINUS  : '-' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACE : '{' ;
RBRACE : '}' ;
LBRACK : '[' ;
RBRACK : ']' ;
COMMA  : ',' ;
SEMI   : ';' ;
COLON  : ':' ;

WS            : [ \t\r\n\f]+ -> skip ;
LINE_COMMENT  : ( '//' | '#' ) ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;

// Error tokens: the parser reports them with a message of their own instead of a token recognition error.
UNTERMINATED_COMMENT : '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF ;
UNTERMINATED_STRING  : '"' ( ~["\\\r\n] | '\\' ~[\r\n] )* '\\'? ;
STRAY : . ;
