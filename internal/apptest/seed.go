package apptest

import (
	"context"
	"fmt"

	"github.com/luoshi/luoshi/internal/domain"
	"github.com/luoshi/luoshi/internal/service"
)

// Fixture names the seeded rows. The district:
//
//	示范区 (district)
//	├── 区住建局 (城市建设口)   liaison zjj_lly, head zjj_fzr
//	├── 区财政局 (经济发展口)   liaison czj_lly, head czj_fzr
//	├── 区城管局 (城市管理口)
//	└── 东湖街道 (street)      liaison dh_lly
//	    └── 湖滨社区 (community)
//
// Leaders: 王建新 leads 城市建设口 (account leader_wang); 李经发 leads
// 经济发展口 and the 招商税源 front. The office account "office" covers the
// whole district. Plan "2023年全区重点工作任务" (monthly, due day 5) has:
//
//	1  老旧小区改造     区住建局 (+区财政局)  城市建设口, 重大项目战线, 王建新, whole year, weight 2, nodes 3/6/9/12 (25/50/75/100)
//	2  财政收入稳增长   区财政局              经济发展口, 招商税源战线, 李经发, whole year
//	3  背街小巷整治     区城管局              城市管理口, due 2023-06-30
//	4  社区养老服务站   东湖街道              社会事业口, ongoing
//	5  智慧停车试点     区住建局              城市建设口, 2023-09-01 … 2023-12-31
type Fixture struct {
	Plan    domain.Plan
	Units   map[string]domain.ID
	Sectors map[string]domain.ID
	Fronts  map[string]domain.ID
	People  map[string]domain.ID
	// Accounts maps login to account ID.
	Accounts map[string]domain.ID
	// Tasks maps task number to ID.
	Tasks map[string]domain.ID
}

// Seed creates the fixture through the services, as the operator.
func Seed(ctx context.Context, svc *service.Service) (*Fixture, error) {
	op := service.SystemPrincipal("seed")
	f := &Fixture{Units: map[string]domain.ID{}, Sectors: map[string]domain.ID{}, Fronts: map[string]domain.ID{},
		People: map[string]domain.ID{}, Accounts: map[string]domain.ID{}, Tasks: map[string]domain.ID{}}
	for i, name := range []string{"经济发展口", "城市建设口", "城市管理口", "社会事业口"} {
		id, err := svc.CreateGroup(ctx, op, domain.GroupSector, service.GroupInput{Name: name, Sort: i})
		if err != nil {
			return nil, err
		}
		f.Sectors[name] = id
	}
	for i, name := range []string{"重大项目战线", "招商税源战线"} {
		id, err := svc.CreateGroup(ctx, op, domain.GroupFront, service.GroupInput{Name: name, Sort: i})
		if err != nil {
			return nil, err
		}
		f.Fronts[name] = id
	}
	units := []struct {
		name, parent, sector, category string
		kind                           domain.UnitKind
		aliases                        []string
	}{
		{"示范区", "", "", "", domain.UnitDistrict, nil},
		{"区住建局", "示范区", "城市建设口", "区直部门", domain.UnitDepartment, []string{"住建局"}},
		{"区财政局", "示范区", "经济发展口", "区直部门", domain.UnitDepartment, []string{"财政局"}},
		{"区城管局", "示范区", "城市管理口", "区直部门", domain.UnitDepartment, nil},
		{"东湖街道", "示范区", "社会事业口", "乡镇街道", domain.UnitStreet, nil},
		{"湖滨社区", "东湖街道", "", "社区", domain.UnitCommunity, nil},
	}
	for i, u := range units {
		created, err := svc.CreateUnit(ctx, op, service.UnitInput{Name: u.name, ParentID: f.Units[u.parent], Kind: u.kind,
			Category: u.category, SectorID: f.Sectors[u.sector], Sort: i, Aliases: u.aliases})
		if err != nil {
			return nil, fmt.Errorf("unit %s: %w", u.name, err)
		}
		f.Units[u.name] = created.ID
	}
	people := []struct{ name, unit, title string }{
		{"王建新", "示范区", "副区长"},
		{"李经发", "示范区", "常务副区长"},
		{"张联络", "区住建局", "办公室主任"},
		{"赵局长", "区住建局", "局长"},
		{"钱联络", "区财政局", "综合科科长"},
		{"孙局长", "区财政局", "局长"},
		{"周联络", "东湖街道", "党政办主任"},
		{"吴督查", "示范区", "督查室主任"},
	}
	for _, p := range people {
		per, err := svc.CreatePerson(ctx, op, service.PersonInput{Name: p.name, UnitID: f.Units[p.unit], Title: p.title})
		if err != nil {
			return nil, err
		}
		f.People[p.name] = per.ID
		if _, err := svc.AddPost(ctx, op, domain.Post{PersonID: per.ID, UnitID: f.Units[p.unit], Title: p.title, Start: domain.MustDate("2021-10-01")}); err != nil {
			return nil, err
		}
	}
	for _, l := range []struct {
		person string
		kind   domain.GroupKind
		group  domain.ID
	}{
		{"王建新", domain.GroupSector, f.Sectors["城市建设口"]},
		{"李经发", domain.GroupSector, f.Sectors["经济发展口"]},
		{"李经发", domain.GroupFront, f.Fronts["招商税源战线"]},
	} {
		if _, err := svc.AddLeadership(ctx, op, domain.Leadership{PersonID: f.People[l.person], Group: l.kind, GroupID: l.group,
			Role: domain.LeaderLead, Start: domain.MustDate("2021-10-01")}); err != nil {
			return nil, err
		}
	}
	accounts := []struct {
		login, person string
		grants        []domain.Grant
	}{
		{"office", "吴督查", []domain.Grant{{Role: domain.RoleOffice}}},
		{"leader_wang", "王建新", []domain.Grant{{Role: domain.RoleLeader}}},
		{"leader_li", "李经发", []domain.Grant{{Role: domain.RoleLeader}}},
		{"zjj_lly", "张联络", []domain.Grant{{Role: domain.RoleLiaison, UnitID: f.Units["区住建局"]}}},
		{"zjj_fzr", "赵局长", []domain.Grant{{Role: domain.RoleUnitHead, UnitID: f.Units["区住建局"]}}},
		{"czj_lly", "钱联络", []domain.Grant{{Role: domain.RoleLiaison, UnitID: f.Units["区财政局"]}}},
		{"czj_fzr", "孙局长", []domain.Grant{{Role: domain.RoleUnitHead, UnitID: f.Units["区财政局"]}}},
		{"dh_lly", "周联络", []domain.Grant{{Role: domain.RoleLiaison, UnitID: f.Units["东湖街道"]}}},
	}
	for _, a := range accounts {
		acct, _, err := svc.CreateAccount(ctx, op, service.AccountInput{Login: a.login, DisplayName: a.person, PersonID: f.People[a.person], Password: Password})
		if err != nil {
			return nil, err
		}
		if err := svc.SetPasswordAsOperator(ctx, op, a.login, Password, false); err != nil {
			return nil, err
		}
		if err := svc.SetGrants(ctx, op, acct.ID, a.grants); err != nil {
			return nil, err
		}
		f.Accounts[a.login] = acct.ID
	}
	for _, login := range []string{domain.LoginSysAdmin, domain.LoginSecAdmin, domain.LoginAuditor} {
		accts, err := svc.Accounts(ctx, op)
		if err != nil {
			return nil, err
		}
		for _, a := range accts {
			if a.Login == login {
				f.Accounts[login] = a.ID
			}
		}
	}
	plan, err := svc.CreatePlan(ctx, op, service.PlanInput{Name: "2023年全区重点工作任务", Year: 2023, Cadence: domain.CadenceMonthly, DueDay: 5})
	if err != nil {
		return nil, err
	}
	f.Plan = *plan
	d := domain.MustDate
	tasks := []service.TaskInput{
		{Number: "1", Title: "老旧小区改造提升", Content: "完成32个老旧小区改造，惠及居民1.2万户", Category: domain.CategoryKey,
			SectorID: f.Sectors["城市建设口"], FrontIDs: []domain.ID{f.Fronts["重大项目战线"]}, LeadUnitIDs: []domain.ID{f.Units["区住建局"]},
			CoUnitIDs: []domain.ID{f.Units["区财政局"]}, LeaderIDs: []domain.ID{f.People["王建新"]}, Responsible: "赵局长",
			Due: d("2023-12-31"), Weight: 2, Milestones: []service.MilestoneInput{
				{Due: d("2023-03-31"), Description: "完成设计招标", PlannedPct: 25}, {Due: d("2023-06-30"), Description: "主体开工", PlannedPct: 50},
				{Due: d("2023-09-30"), Description: "主体完工", PlannedPct: 75}, {Due: d("2023-12-31"), Description: "竣工验收", PlannedPct: 100}}},
		{Number: "2", Title: "财政收入稳增长", Content: "一般公共预算收入增长6%", Category: domain.CategoryKey, SectorID: f.Sectors["经济发展口"],
			FrontIDs: []domain.ID{f.Fronts["招商税源战线"]}, LeadUnitIDs: []domain.ID{f.Units["区财政局"]}, LeaderIDs: []domain.ID{f.People["李经发"]},
			Due: d("2023-12-31")},
		{Number: "3", Title: "背街小巷环境整治", Content: "整治背街小巷40条", Category: domain.CategoryRoutine, SectorID: f.Sectors["城市管理口"],
			LeadUnitIDs: []domain.ID{f.Units["区城管局"]}, Due: d("2023-06-30")},
		{Number: "4", Title: "社区养老服务站建设", Content: "推进社区居家养老服务全覆盖", Category: domain.CategoryInnovation, SectorID: f.Sectors["社会事业口"],
			LeadUnitIDs: []domain.ID{f.Units["东湖街道"]}, Ongoing: true},
		{Number: "5", Title: "智慧停车试点", Content: "建设智慧停车泊位2000个", Category: domain.CategoryInnovation, SectorID: f.Sectors["城市建设口"],
			LeadUnitIDs: []domain.ID{f.Units["区住建局"]}, Start: d("2023-09-01"), Due: d("2023-12-31")},
	}
	for _, in := range tasks {
		in.PlanID = plan.ID
		t, err := svc.CreateTask(ctx, op, in)
		if err != nil {
			return nil, fmt.Errorf("task %s: %w", in.Number, err)
		}
		f.Tasks[in.Number] = t.ID
	}
	return f, nil
}
