// Which answer a view may show: every request is numbered, and an answer counts only if it was asked for the view's
// current inputs and after the answer already shown (a slow reply to an older filter or an older poll is dropped).
export interface Asked { generation: number; seq: number }

export class AnswerGate {
  private generation = 0;
  private issued = 0;
  private accepted = 0;

  /** The inputs changed (filters, tab, ticket): answers to anything asked before are dropped from now on. */
  reset(): void {
    this.generation++;
    this.accepted = this.issued;
  }

  ask(): Asked {
    return { generation: this.generation, seq: ++this.issued };
  }

  /** True for the newest answer so far for the current inputs; a success or a failure alike moves the mark. */
  accept(asked: Asked): boolean {
    if (asked.generation !== this.generation || asked.seq <= this.accepted) return false;
    this.accepted = asked.seq;
    return true;
  }
}
