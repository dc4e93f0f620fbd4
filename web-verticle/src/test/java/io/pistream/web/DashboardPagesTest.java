package io.pistream.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How a page file fills the shared layout. */
class DashboardPagesTest {

  private static final String LAYOUT = "<title>{{title}}</title><body data-view=\"{{page}}\">"
      + "<a href=\"/\"{{current:live}}>Live</a><a href=\"/history\"{{current:history}}>History</a>"
      + "<div>{{tools}}</div>\n{{content}}\n</body>";

  @Test
  void slotsFillTheLayoutAndThePageMarksItselfCurrent() {
    String page = "<!-- slot:title -->\nlive\n<!-- slot:tools -->\n  <span>x</span>\n<!-- slot:content -->\n<main>$1 \\ text</main>\n";

    assertThat(DashboardPages.assemble(LAYOUT, "live", page)).isEqualTo("<title>live</title><body data-view=\"live\">"
        + "<a href=\"/\" aria-current=\"page\">Live</a><a href=\"/history\">History</a>"
        + "<div>  <span>x</span></div>\n<main>$1 \\ text</main>\n</body>");
  }

  @Test
  void aSlotThePageLeavesOutIsEmpty() {
    String page = "<!-- slot:title -->\nhistory\n<!-- slot:content -->\n<main></main>\n";

    assertThat(DashboardPages.assemble(LAYOUT, "history", page)).contains("<div></div>", "<a href=\"/history\" aria-current=\"page\">");
  }

  @Test
  void aSlotTheLayoutDoesNotHaveIsAMistake() {
    assertThatThrownBy(() -> DashboardPages.assemble(LAYOUT, "live", "<!-- slot:titel -->\nlive\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("titel");
  }

  @Test
  void textOutsideASlotOrASlotFilledTwiceIsAMistake() {
    assertThatThrownBy(() -> DashboardPages.assemble(LAYOUT, "live", "<main></main>\n<!-- slot:title -->\nlive\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("before its first slot");
    assertThatThrownBy(() -> DashboardPages.assemble(LAYOUT, "live", "<!-- slot:title -->\na\n<!-- slot:title -->\nb\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("twice");
  }
}
