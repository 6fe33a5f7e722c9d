//! Everything the workbench can do, as data: keys, the help overlay, the
//! `:` palette, config files and tests all speak this enum.

macro_rules! actions {
    ($($v:ident => $name:literal, $zh:literal, $en:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action {
            $($v,)*
        }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$v,)*];

            /// The name used in config files and the palette.
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$v => $name,)*
                }
            }

            pub fn describe(self, en: bool) -> &'static str {
                match self {
                    $(Action::$v => if en { $en } else { $zh },)*
                }
            }

            pub fn from_name(s: &str) -> Option<Action> {
                match s {
                    $($name => Some(Action::$v),)*
                    _ => None,
                }
            }
        }
    };
}

actions! {
    Quit => "quit", "退出", "quit";
    Back => "back", "返回 / 关闭", "back / close";
    Help => "help", "帮助", "help";
    Palette => "palette", "命令面板（另有 :reviewer 姓名、:assign 姓名）", "command palette (also :reviewer NAME, :assign NAME)";
    Up => "up", "上移", "move up";
    Down => "down", "下移", "move down";
    Left => "left", "左移", "move left";
    Right => "right", "右移", "move right";
    HalfPageUp => "half_page_up", "上翻半页", "half page up";
    HalfPageDown => "half_page_down", "下翻半页", "half page down";
    Top => "top", "到顶部", "go to top";
    Bottom => "bottom", "到底部", "go to bottom";
    Open => "open", "打开 / 进入", "open / drill in";
    NextPane => "next_pane", "切换到下一窗格", "next pane";
    PrevPane => "prev_pane", "切换到上一窗格", "previous pane";
    NextFinding => "next_finding", "下一个问题", "next finding";
    PrevFinding => "prev_finding", "上一个问题", "previous finding";
    NextReport => "next_report", "下一份报告", "next report";
    PrevReport => "prev_report", "上一份报告", "previous report";
    Search => "search", "在原文中搜索", "search the source";
    SearchNext => "search_next", "下一个匹配", "next match";
    SearchPrev => "search_prev", "上一个匹配", "previous match";
    OpenDiff => "open_diff", "与上年对比（差异视图）", "diff against the previous year";
    PickDiff => "pick_diff", "选择要对比的报告", "pick a report to diff against";
    NextChange => "next_change", "下一处变化", "next change";
    PrevChange => "prev_change", "上一处变化", "previous change";
    ToggleDiffLayout => "toggle_diff_layout", "并排 / 统一视图", "side by side / unified";
    ToggleDiffTables => "toggle_diff_tables", "正文 / 表格对比", "text / table view";
    ToggleFold => "toggle_fold", "折叠 / 展开未变内容", "fold / unfold unchanged text";
    ToggleAllCells => "toggle_all_cells", "只看变化的单元格 / 全部单元格", "changed cells only / all cells";
    Filter => "filter", "筛选（文字、rule:、sev:、year:、status:、assignee:）", "filter (text, rule:, sev:, year:, status:, assignee:)";
    ClearFilter => "clear_filter", "清除筛选", "clear the filter";
    SortNext => "sort_next", "按下一列排序", "sort by the next column";
    SortReverse => "sort_reverse", "倒序排列", "reverse the sort";
    SeverityFilter => "severity_filter", "按严重程度筛选（全部/错误/警告）", "filter by severity (all / error / warning)";
    NextTable => "next_table", "切换表格（表二/三/四）", "next table (2 / 3 / 4)";
    Table2 => "table2", "表二", "table 2";
    Table3 => "table3", "表三", "table 3";
    Table4 => "table4", "表四", "table 4";
    ToggleLang => "toggle_lang", "切换中文 / English", "switch 中文 / English";
    Annotate => "annotate", "为所选内容添加批注", "annotate the selection";
    ConfirmFinding => "confirm", "确认问题属实", "confirm the finding";
    DismissFinding => "dismiss", "驳回问题（需说明理由）", "dismiss the finding (with a reason)";
    Approve => "approve", "批准报告", "approve the report";
    RequestChanges => "request_changes", "退回修改", "request changes";
    Reject => "reject", "不予通过", "reject the report";
    Undo => "undo", "撤销上一个结论", "undo the last decision";
    NextUnreviewed => "next_unreviewed", "跳到下一份未审报告", "next unreviewed report";
    Overview => "overview", "批次概览（图表）", "batch overview (charts)";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for &a in Action::ALL {
            assert!(seen.insert(a.name()), "duplicate name {}", a.name());
            assert_eq!(Action::from_name(a.name()), Some(a));
            assert!(!a.describe(false).is_empty() && !a.describe(true).is_empty());
        }
        assert_eq!(Action::from_name("no_such"), None);
    }
}
