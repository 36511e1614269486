//! Shapes of the conventions seen on other governments' pages (SPEC.md,
//! "Also seen in the wild"), each on a small page made by hand.

use gazette::{parse, Block, Kind, Relation};

fn sections(blocks: &[Block]) -> Vec<(String, Option<String>)> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Section {
                marker, heading, ..
            } => Some((marker.clone(), heading.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn state_council_style_unlabeled_responsibility_and_parenthesised_numerals() {
    let page = "\
国务院办公厅关于推进体育产业发展的意见
国办发〔2019〕43号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
为推进体育产业发展，经国务院同意，现提出以下意见。
一、扩大消费
㈠丰富产品供给。鼓励开发体育产品。（体育总局、发展改革委负责）
㈡完善设施布局。加快建设体育公园。（住房城乡建设部、体育总局按职责分工负责）
二、保障措施
各地区要加强组织领导，一是完善政策，二是强化督导。
国务院办公厅
二〇一九年九月四日
（此件公开发布）
";
    let p = parse(page);
    assert_eq!(p.articles.len(), 1);
    let a = &p.articles[0];
    assert_eq!(a.id, "国办发〔2019〕43号");
    assert_eq!(a.doc_type.as_deref(), Some("意见"));
    assert_eq!(
        a.date.as_deref(),
        Some("2019-09-04"),
        "Chinese-numeral date with 〇"
    );
    assert_eq!(a.issuers, ["国务院办公厅"]);
    let Block::Section { blocks: first, .. } = a
        .body
        .iter()
        .find(|b| matches!(b, Block::Section { .. }))
        .unwrap()
    else {
        unreachable!()
    };
    let items: Vec<(String, Vec<String>)> = first
        .iter()
        .filter_map(|b| match b {
            Block::Section {
                marker,
                responsibility: Some(r),
                ..
            } => Some((marker.clone(), r.responsible.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        items,
        [
            (
                "（一）".to_owned(),
                vec!["体育总局".to_owned(), "发展改革委".to_owned()]
            ),
            (
                "（二）".to_owned(),
                vec!["住房城乡建设部".to_owned(), "体育总局".to_owned()]
            ),
        ]
    );
}

#[test]
fn own_number_glued_to_addressees_and_cited_numbers_kept_apart() {
    let page = "冀政办字〔2023〕122号各市（含定州、辛集市）人民政府，雄安新区管委会，省政府有关部门：　　\
                根据《国务院办公厅关于进一步优化营商环境的意见》（国办发〔2022〕30号），现将有关事项通知如下。　　\
                一、强化企业创新动能　　（一）鼓励企业加大研发投入。（责任单位：省科技厅）　　\
                河北省人民政府办公厅　　2023年10月7日";
    let p = parse(page);
    assert_eq!(p.articles.len(), 1);
    let a = &p.articles[0];
    assert_eq!(a.id, "冀政办字〔2023〕122号");
    assert_eq!(
        a.addressees,
        [
            "各市（含定州、辛集市）人民政府",
            "雄安新区管委会",
            "省政府有关部门"
        ]
    );
    assert_eq!(a.references.len(), 1);
    assert_eq!(a.references[0].doc_number, "国办发〔2022〕30号");
    assert_eq!(a.references[0].relation, Relation::Cites);
    assert_eq!(a.issuers, ["河北省人民政府办公厅"]);
    assert_eq!(a.date.as_deref(), Some("2023-10-07"));
}

#[test]
fn joint_issuers_run_together_in_the_signature() {
    let page = "\
财政部 科技部 工业和信息化部关于开展2024年度示范工作的通知
财金〔2024〕11号
各省、自治区、直辖市财政厅（局）、科技厅（局）：
现就有关事项通知如下。
财政部科技部工业和信息化部
2024年3月1日
";
    let a = &parse(page).articles[0];
    assert_eq!(a.id, "财金〔2024〕11号");
    assert_eq!(a.issuers, ["财政部", "科技部", "工业和信息化部"]);
}

#[test]
fn chapter_and_article_bodies_and_announcement_numbers() {
    let page = "\
江城市人民政府公告
2025年第3号
第一章　总则
第一条　为了规范管理，制定本办法。
第二条　本办法适用于本市。
第二章　附则
第三条　本办法自2025年5月1日起施行。
江城市人民政府
2025年4月1日
";
    let a = &parse(page).articles[0];
    assert_eq!(a.kind, Kind::Notice);
    assert_eq!(
        a.doc_number.as_ref().map(|d| d.text.as_str()),
        Some("2025年第3号")
    );
    assert_eq!(a.doc_type.as_deref(), Some("公告"));
    let chapters = sections(&a.body);
    assert_eq!(
        chapters.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>(),
        ["第一章", "第二章"]
    );
    let Block::Section {
        blocks: articles, ..
    } = &a.body[0]
    else {
        panic!("a chapter")
    };
    let first = &articles[0];
    let Block::Section {
        marker,
        heading,
        blocks,
        ..
    } = first
    else {
        panic!("an article")
    };
    assert_eq!(marker, "第一条");
    assert_eq!(heading, &None);
    assert!(
        matches!(&blocks[0], Block::Paragraph { text, .. } if text == "为了规范管理，制定本办法。")
    );
    let e = a.effective.as_ref().expect("施行");
    assert_eq!(e.from.as_deref(), Some("2025-05-01"));
}

#[test]
fn no_signature_issuers_from_the_title() {
    let page = "\
江城市发展和改革委员会关于印发《江城市节能办法》的通知
江发改〔2024〕5号
各区发展改革局：
现将《江城市节能办法》印发给你们，请遵照执行。
";
    let a = &parse(page).articles[0];
    assert_eq!(a.issuers, ["江城市发展和改革委员会"]);
    assert_eq!(a.date, None);
}

#[test]
fn a_postscript_after_the_signature_is_no_enclosure() {
    let page = "\
国务院办公厅关于做好2024年春节期间有关工作的通知
国办发明电〔2024〕1号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
春节将至，经国务院同意，现就有关工作通知如下。
国务院办公厅
2024年1月26日
（联系人：张三；电话：010-12345678）
";
    let a = &parse(page).articles[0];
    assert_eq!(a.id, "国办发明电〔2024〕1号");
    assert!(a.enclosure.is_none());
    assert!(
        matches!(a.body.last(), Some(Block::Paragraph { text, .. }) if text.starts_with("（联系人"))
    );
}

#[test]
fn an_article_page_with_its_info_line_under_the_title() {
    let page = "\
首页 > 政务公开 > 政策文件
江城市人民政府办公室关于做好2024年防汛工作的通知
发布时间：2024-06-01 09:30  来源：市政府办公室  浏览次数：1024
江府办发〔2024〕20号
各区人民政府，市政府各部门：
为做好今年防汛工作，现将有关事项通知如下。
一、压实责任
各区要落实防汛责任制。
二、加强值守
严格执行24小时值班制度。
江城市人民政府办公室
2024年5月30日
（此件公开发布）
【打印本页】【关闭窗口】
";
    let p = parse(page);
    assert_eq!(
        p.articles.len(),
        1,
        "{:?}",
        p.articles.iter().map(|a| &a.id).collect::<Vec<_>>()
    );
    let a = &p.articles[0];
    assert_eq!(a.id, "江府办发〔2024〕20号");
    assert_eq!(
        a.title.as_deref(),
        Some("江城市人民政府办公室关于做好2024年防汛工作的通知")
    );
    assert_eq!(a.published.as_deref(), Some("2024-06-01"));
    assert_eq!(a.source.as_deref(), Some("市政府办公室"));
    assert_eq!(a.date.as_deref(), Some("2024-05-30"));
    assert_eq!(sections(&a.body).len(), 2);
    let json = gazette::serialise::to_json_lines(&p.articles);
    assert!(
        !json.contains("首页") && !json.contains("打印本页") && !json.contains("浏览次数"),
        "chrome leaked"
    );
}
