//! Small pages made by hand that combine the shapes of web listing pages in
//! ways the fixtures do not: an interpretation with no `来源` before the
//! next notice, a notice with two attachments holding tables of different
//! widths, a joint notice followed by a news item.

use gazette::{parse, Block, Kind, Relation};

#[test]
fn interpretation_without_source_before_a_notice() {
    let page = "\
关于《江城市电梯安全管理办法》的政策解读
一、起草背景
近年来，我市电梯数量快速增长，安全管理压力加大。
二、主要内容
《办法》共五章二十条，明确了各方责任。
江城市人民政府办公厅关于印发《江城市电梯安全管理办法》的通知
江府办发〔2024〕7号
各区人民政府，市政府各部门：
《江城市电梯安全管理办法》已经市政府同意，现印发给你们，请认真贯彻执行。
江城市人民政府办公厅
2024年3月5日
江城市电梯安全管理办法
第一章 总则
第一条 为了加强电梯安全管理，制定本办法。
第二条 本办法适用于本市行政区域内电梯的使用和管理。
第二章 责任
第三条 电梯使用单位对电梯使用安全负责。
";
    let p = parse(page);
    assert_eq!(
        p.articles.len(),
        2,
        "{:?}",
        p.articles.iter().map(|a| &a.id).collect::<Vec<_>>()
    );
    let interp = &p.articles[0];
    assert_eq!(interp.kind, Kind::Interpretation);
    assert_eq!(interp.title, None);
    assert_eq!(interp.doc_number, None);
    let notice = &p.articles[1];
    assert_eq!(notice.id, "江府办发〔2024〕7号");
    assert_eq!(
        notice.title.as_deref(),
        Some("江城市人民政府办公厅关于印发《江城市电梯安全管理办法》的通知")
    );
    assert_eq!(notice.addressees, ["各区人民政府", "市政府各部门"]);
    assert_eq!(notice.date.as_deref(), Some("2024-03-05"));
    let enclosure = notice.enclosure.as_ref().expect("the 办法");
    assert_eq!(enclosure.title.as_deref(), Some("江城市电梯安全管理办法"));
    let chapters: Vec<(&str, usize)> = enclosure
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Section { marker, blocks, .. } => Some((marker.as_str(), blocks.len())),
            _ => None,
        })
        .collect();
    assert_eq!(chapters, [("第一章", 2), ("第二章", 1)]);
}

#[test]
fn two_attachments_with_tables_of_different_widths() {
    let page = "\
江城市人民政府办公厅关于印发江城市节水行动方案的通知
江府办发〔2024〕9号
各区人民政府：
《江城市节水行动方案》已经市政府同意，现印发给你们，请认真贯彻执行。
附件：1.节水指标表
2.任务分工表
江城市人民政府办公厅
2024年4月1日
（此件公开发布）
江城市节水行动方案
一、重点任务
1.推进农业节水。
2.推进工业节水。
二、保障措施
加强组织领导。
附件1
节水指标表
序号
指标
2024年
2025年
1
用水总量
10
9
2
万元产值用水量
20
18
附件2
任务分工表
序号
任务
牵头单位
责任单位
配合单位
1
推进农业节水
市农业农村委
各区政府
市水利局
2
推进工业节水
市经济信息委
各区政府
/
";
    let p = parse(page);
    assert_eq!(p.articles.len(), 1);
    let a = &p.articles[0];
    assert_eq!(a.publicity.as_deref(), Some("此件公开发布"));
    let titles: Vec<(u32, Option<&str>)> = a
        .attachments
        .iter()
        .map(|x| (x.number, x.title.as_deref()))
        .collect();
    assert_eq!(titles, [(1, Some("节水指标表")), (2, Some("任务分工表"))]);
    let table = |n: usize| match a.attachments[n].body.first() {
        Some(Block::Table { header, rows }) => (header.clone(), rows.clone()),
        other => panic!("attachment {n}: {other:?}"),
    };
    let (h1, r1) = table(0);
    assert_eq!(h1, ["序号", "指标", "2024年", "2025年"]);
    assert_eq!(
        r1,
        [
            ["1", "用水总量", "10", "9"],
            ["2", "万元产值用水量", "20", "18"]
        ]
    );
    let (h2, r2) = table(1);
    assert_eq!(h2.len(), 5);
    assert_eq!(
        r2[1],
        ["2", "推进工业节水", "市经济信息委", "各区政府", "/"]
    );
    // The task table gives items 1. and 2. of the enclosure their units.
    let enclosure = a.enclosure.as_ref().expect("方案");
    let Block::Section { blocks: tasks, .. } = &enclosure.body[0] else {
        panic!("一、")
    };
    let units: Vec<Vec<String>> = tasks
        .iter()
        .filter_map(|b| match b {
            Block::Section {
                responsibility: Some(r),
                ..
            } => Some(r.lead.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        units,
        [
            vec!["市农业农村委".to_owned()],
            vec!["市经济信息委".to_owned()]
        ]
    );
}

#[test]
fn joint_notice_then_news_after_source() {
    let page = "\
主办:江城市商务委员会承办:江城市投资促进中心
您当前的位置:首页政策
江城市商务委员会
江城市财政局
关于开展2024年外贸企业奖励申报工作的通知
江商务发〔2024〕12号
各区商务主管部门：
现将有关事项通知如下，请按照《江城市外贸奖励办法》（江商务规〔2023〕3号）组织申报。
江城市商务委员会
江城市财政局
2024年5月6日
来源:江城市商务委
近日，江城市举办外贸企业政策宣讲会，200余家企业参加。
来源:江城日报
联系电话:023-12345678
Copyright © 2024 江城市商务委员会
";
    let p = parse(page);
    assert_eq!(p.articles.len(), 2);
    let notice = &p.articles[0];
    assert_eq!(
        notice.title.as_deref(),
        Some("江城市商务委员会、江城市财政局关于开展2024年外贸企业奖励申报工作的通知")
    );
    assert_eq!(notice.issuers, ["江城市商务委员会", "江城市财政局"]);
    assert_eq!(notice.source.as_deref(), Some("江城市商务委"));
    assert_eq!(notice.references.len(), 1);
    assert_eq!(notice.references[0].doc_number, "江商务规〔2023〕3号");
    assert_eq!(notice.references[0].relation, Relation::Cites);
    let news = &p.articles[1];
    assert_eq!(news.kind, Kind::News);
    assert_eq!(news.title, None);
    assert_eq!(news.source.as_deref(), Some("江城日报"));
    let json = gazette::serialise::to_json_lines(&p.articles);
    assert!(
        !json.contains("023-12345678") && !json.contains("您当前的位置"),
        "chrome leaked"
    );
}
