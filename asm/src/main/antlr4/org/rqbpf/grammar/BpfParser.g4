/*
 * The .bpf language (spec/language.md). Decisions are LL(1) or LL(2) wherever the language allows, so
 * that the SLL pass of Assembler's two-stage parse almost never needs full context. A body runs until a
 * token that starts a top-level item; words are validated by the assembler, not here.
 */
parser grammar BpfParser;

options { tokenVocab = BpfLexer; }

file : item* EOF ;

item
    : structDef
    | mapDef
    | globalVar
    | program
    | subprogram
    ;

structDef : STRUCT name LBRACE member* RBRACE SEMI ;

member
    : STRUCT tag=name field=name dims SEMI        # structMember
    | words+=name+ dims SEMI                      # scalarMember
    ;

dims : dim* ;

dim : LBRACK NUMBER? RBRACK ;

mapDef : STRUCT LBRACE mapAttr* RBRACE name SEC LPAREN STRING RPAREN SEMI ;

mapAttr : macro=name LPAREN key=name COMMA mapArg RPAREN SEMI ;

mapArg
    : STRUCT name                                # structArg
    | mapAtom+ (PIPE mapAtom+)*                  # wordsArg
    ;

mapAtom : name | NUMBER ;

globalVar
    : (STRUCT tag=name var=name | words+=name+) dims (ASSIGN init)? SEC LPAREN STRING RPAREN SEMI ;

init
    : NUMBER                                               # scalarInit
    | STRING                                               # stringInit
    | LBRACE (NUMBER (COMMA NUMBER)* COMMA?)? RBRACE       # listInit
    ;

program : SEC LPAREN STRING RPAREN annotation* name COLON body ;

annotation : name (LPAREN (STRING | NUMBER) RPAREN)? ;

subprogram : (STATIC | GLOBAL) name COLON body ;

body : stmt* ;

stmt
    : name COLON                                  # label
    | insn SEMI?                                  # instruction
    ;

insn
    : REG ASSIGN rhs                                                  # assign
    | REG ALU_ASSIGN operand                                          # alu
    | STAR LPAREN name STAR RPAREN mem ASSIGN operand                 # store
    | LOCK STAR LPAREN name STAR RPAREN mem ALU_ASSIGN REG            # lockOp
    | IF REG (CMP | AMP) operand GOTO target                          # condJump
    | (GOTO | GOTOL) target                                           # jump
    | CALL callee NOTE?                                               # call
    | CALLX REG                                                       # callx
    | EXIT                                                            # exit
    ;

// `name` without its `ll` parses as a symbol load too, so that the assembler can report the missing `ll` at the
// name instead of the parser failing at the next line.
rhs
    : REG                                                             # movReg
    | MINUS REG                                                       # neg
    | NUMBER LL?                                                      # movImm
    | LPAREN name RPAREN REG                                          # movSx
    | STAR LPAREN name STAR RPAREN mem                                # load
    | STAR LPAREN name STAR RPAREN name LBRACK REG? offset? RBRACK     # loadPacket
    | name REG                                                        # endian
    | name LL?                                                        # ldSymbol
    | name LBRACK NUMBER RBRACK (LBRACK NUMBER RBRACK NUMBER)? LL      # ldMapRaw
    | name LPAREN LPAREN name STAR RPAREN mem COMMA REG RPAREN         # atomicFetch
    | name LPAREN REG offset? COMMA REG (COMMA REG)? RPAREN           # atomicXchg
    ;

operand : REG | NUMBER ;

mem : LPAREN REG offset? RPAREN ;

offset : (PLUS | MINUS) NUMBER | NUMBER ;

target : (name | NUMBER) NOTE? ;

callee : name NUMBER? | NUMBER | KFUNC_REF ;

name : ID | LOCK ;
