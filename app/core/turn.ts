/**
 * What one turn of understanding produces, whatever path produced it (grammar tags today, an LLM
 * later). The CLI's --json output and the kiosk UI are built from this.
 */
export interface ToolCallRecord {
  name: string;
  args: unknown;
  result: unknown;
}

export interface OrderLineView {
  item: string;
  size: string | null;
  quantity: number;
  /** Price of one unit including modifiers, from the database. */
  unitPrice: number;
  modifiers: string[];
}

export interface OrderView {
  lines: OrderLineView[];
  total: number;
  status: 'open' | 'awaiting_confirmation' | 'placed' | 'cancelled';
}

/** A row of the screen card the kiosk shows next to the reply (order lines, booking details, a found answer). */
export interface CardRow { label: string; value: string }
export interface ScreenCard { title: string; rows: CardRow[]; status: string | null }

export interface TurnResult {
  /** e.g. 'add_item', 'remove_item', 'change_item', 'read_back', 'confirm', 'deny', 'cancel', 'no_speech', 'not_understood' */
  intent: string;
  toolCalls: ToolCallRecord[];
  /** Text for the screen: prices as $5.49. */
  reply: string;
  /** The same reply written for the voice: "five dollars and forty-nine cents". */
  spoken: string;
  order: OrderView | null;
  /** What the screen shows beside the reply (booking details, a found answer); null when nothing. */
  card: ScreenCard | null;
  /** True when this turn asked staff to come (the customer asked, or the agent could not help). */
  handoff: boolean;
  /** Which stage understood the words: the grammar, the FAQ search, the local or remote LLM, or none. */
  understoodBy?: 'grammar' | 'faq' | 'local' | 'escalation' | 'none';
}

/** A compiled recognition grammar for the STT engine, made from the domain's data. */
export interface CompiledGrammar {
  name: string;
  /** JSGF text (#JSGF V1.0; ... public <utterance> = ...;) using only words in the decoder's dictionary. */
  jsgf: string;
  /** Every word the grammar can produce (lower case). */
  words: string[];
  /** Words of the store's data missing from the dictionary: the recognizer must pronounce them by letter-to-sound rules. */
  unknownWords: string[];
  /** The store's own phrases (menu items, sizes, services, staff), for recognizers that bias toward them instead of being constrained. */
  biasPhrases?: string[];
  /**
   * The domain n-gram LM (ARPA text) for the free-form fallback: sentences sampled from the same
   * grammar and data. Optional: a recognizer that has none uses the grammar alone.
   */
  lmArpa?: string;
}

/** The domain brain: understands transcripts in a session and acts on the store. Synchronous, pure of audio. */
export interface DomainAgent {
  readonly domain: string;
  /** What the agent says when a customer arrives. */
  readonly greeting: string;
  /** Re-reads the data (menu) and recompiles the grammar; a new row becomes speakable. */
  grammar(): CompiledGrammar;
  /** The same grammar with its domain n-gram LM (lmArpa) for the recognizer's free-form fallback; slower to build. */
  recognitionGrammar?(): CompiledGrammar;
  /** A transcript that came from the compiled grammar (exact words). */
  handleTranscript(sessionId: string, transcript: string): TurnResult;
  /** Typed text (chat): normalised, then understood like a transcript, tolerant of filler words. */
  handleText(sessionId: string, text: string): TurnResult;
  /**
   * The whole understanding chain (grammar, FAQ, then LLM stages when configured), asynchronous;
   * agents without LLM stages may leave it out and callers use handleTranscript / handleText.
   */
  understand?(sessionId: string, text: string, opts?: { channel?: 'voice' | 'text'; signal?: AbortSignal }): Promise<TurnResult>;
  /** Prefills a local LLM with what every turn shares (optional; a no-op without one). */
  warmUp?(signal?: AbortSignal): Promise<void>;
  /** The person said nothing (silence only). Must not write to the database. */
  handleNoSpeech(sessionId: string): TurnResult;
  /** The current order of a session, or null if it has none. Never writes. */
  order(sessionId: string): OrderView | null;
  close(): void;
}
