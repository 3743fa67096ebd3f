package demo

import (
	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/model"
)

// What the demo alliance is made of. The organisations, people and
// writing are invented; websites use example domains. The subject is the
// policy, technology and cooperation work of protecting children online,
// written in a professional register and never describing abuse.

// Password is every demo account's password. The demo runs on loopback
// addresses only.
const Password = "protect-children-demo"

// The node keys, also the names of their data folders.
const (
	keyAgency  = "agency"
	keyCompany = "company"
	keySociety = "civil-society"
	keyHub     = "hub"
)

// org is one node of the alliance: its organisation, people, spaces and
// news.
type org struct {
	key      string
	profile  accounts.Profile
	people   []person
	spaces   []space
	articles []article
}

type person struct {
	username, name, title string
	role                  model.Role
	bio                   string
}

type space struct {
	name, title, description string
	visibility               model.Visibility
	moderators               []string // usernames besides the admin who creates it
}

type article struct {
	author, title, body, tags string
}

// thread is a discussion or challenge, started in a space of its own node.
type thread struct {
	key, org, space, author string
	kind                    model.ThreadKind
	category                string
	title, body             string
}

// reply is written by a person on their own node; when the thread is on
// another node, the person first follows its space from home.
type reply struct {
	key, org, author, thread string
	inReplyTo                string // key of another reply; empty for the thread itself
	body                     string
}

// endorsement is a person's endorsement, from home, of a challenge.
type endorsement struct {
	org, author, thread string
}

// statusChange moves a challenge forward, done by its author.
type statusChange struct {
	thread string
	status model.ChallengeStatus
}

var orgs = []org{
	{
		key: keyAgency,
		profile: accounts.Profile{
			Name: "Online Child Safety Authority", Sector: "government", Country: "NZ",
			Website: "https://ocsa.example.org",
			Description: "The national regulator for online child safety. We set codes of practice for online " +
				"services, review their transparency reports and coordinate with police, hotlines and " +
				"regulators in other countries.",
		},
		people: []person{
			{"hana", "Hana Whitaker", "Director of Policy", model.RoleAdmin,
				"Director of Policy at the Online Child Safety Authority. Leads our work on codes of practice and international regulatory cooperation."},
			{"rawiri", "Rawiri Tane", "Head of Codes and Compliance", model.RoleModerator,
				"Runs compliance reviews of online services against our codes of practice. Previously a prosecutor."},
			{"sofia", "Dr Sofia Marsh", "Senior Analyst, Transparency Reporting", model.RoleMember,
				"Analyses platform transparency reports. Interested in measurement that helps children, not just dashboards."},
		},
		spaces: []space{
			{"policy", "Policy and regulation",
				"Codes of practice, transparency duties and how regulation can work across borders.",
				model.VisibilityPublic, []string{"rawiri"}},
			{"enforcement", "Enforcement cooperation",
				"For alliance members only: how regulators, police and hotlines work together on referrals and evidence requests.",
				model.VisibilityAlliance, []string{"rawiri"}},
		},
		articles: []article{
			{"hana", "Consultation opens on transparency reporting guidance",
				"We are consulting on draft guidance for the transparency reports that online services publish each year.\n\n" +
					"The draft asks services to report how quickly they act on reports, how often their decisions are " +
					"reviewed, and what they do to prevent harm before it happens. Responses are welcome from services, " +
					"researchers and civil society until the end of next quarter.\n\n" +
					"Alliance members can discuss the draft in our *Policy and regulation* space.",
				"transparency, consultation, regulation"},
		},
	},
	{
		key: keyCompany,
		profile: accounts.Profile{
			Name: "Northwind Social", Sector: "private-sector", Country: "DE",
			Website: "https://northwind.example.com",
			Description: "A social and messaging platform used by forty million people in Europe. Our trust and " +
				"safety team builds detection, reporting and age-assurance tools, and shares what we learn with " +
				"the alliance.",
		},
		people: []person{
			{"jonas", "Jonas Becker", "Head of Trust and Safety", model.RoleAdmin,
				"Head of Trust and Safety at Northwind Social. Believes safety features should be designed in, not bolted on."},
			{"lea", "Lea Hoffmann", "Engineering Lead, Safety Detection", model.RoleMember,
				"Leads the engineers who build our detection and user-reporting systems."},
			{"amir", "Amir Haddad", "Public Policy Manager", model.RoleMember,
				"Works with regulators and civil society on child safety policy across the EU."},
		},
		spaces: []space{
			{"safety_by_design", "Safety by design",
				"Product choices that make services safer for children from the start: defaults, friction, age-appropriate design.",
				model.VisibilityPublic, []string{"lea"}},
			{"detection", "Detection and reporting",
				"Tools and processes for finding and reporting harm, and for measuring whether they work.",
				model.VisibilityPublic, []string{"lea"}},
		},
		articles: []article{
			{"jonas", "What changed after a year of private-by-default teen accounts",
				"A year ago we made every account of a user under 18 private by default and limited messages from " +
					"adults the teen does not follow.\n\n" +
					"Unwanted contact reports from teens fell markedly, and most teens kept the new settings. We are " +
					"publishing our method so that other services and researchers can check and repeat it.",
				"safety-by-design, teens, research"},
		},
	},
	{
		key: keySociety,
		profile: accounts.Profile{
			Name: "Safe Childhood Network", Sector: "civil-society", Country: "KE",
			Website: "https://safechildhood.example.org",
			Description: "A network of child-rights organisations in East Africa. We run prevention education and " +
				"a national helpline, support children and families, and bring the voices of young people into " +
				"policy.",
		},
		people: []person{
			{"wanjiru", "Wanjiru Kamau", "Executive Director", model.RoleAdmin,
				"Executive Director of the Safe Childhood Network. Twenty years in child protection, the last ten online."},
			{"otieno", "Daniel Otieno", "Helpline Programme Manager", model.RoleModerator,
				"Manages our national helpline for children and parents, and its links with platforms and police."},
			{"achieng", "Grace Achieng", "Youth Participation Coordinator", model.RoleMember,
				"Coordinates our youth advisory panel, which reviews apps and policies from young people's point of view."},
		},
		spaces: []space{
			{"prevention", "Prevention and education",
				"Reaching children, parents and teachers before harm happens.",
				model.VisibilityPublic, []string{"achieng"}},
			{"support", "Support services",
				"Helplines, counselling and the routes between them and online services.",
				model.VisibilityPublic, []string{"otieno"}},
			{"youth_voice", "Youth voice",
				"What young people tell us about staying safe online, and how to involve them in design and policy.",
				model.VisibilityPublic, []string{"achieng"}},
		},
		articles: []article{
			{"wanjiru", "Youth panel report: what young people want from reporting tools",
				"Our youth advisory panel spent three months testing the reporting tools of popular apps.\n\n" +
					"Their main findings: reporting options are hard to find, the categories are confusing, and almost " +
					"nobody hears what happened after a report. The full report sets out ten recommendations for " +
					"services and regulators.",
				"youth, reporting, research"},
		},
	},
	{
		key: keyHub,
		profile: accounts.Profile{
			Name: "Protectors' Alliance", Sector: "intergovernmental", Country: "CH",
			Website: "https://alliance.example.org",
			Description: "The alliance hub: every member's discussions and challenges in one place, the directory of " +
				"member organisations and figures about the alliance's work.",
		},
		people: []person{
			{"mariam", "Mariam Diallo", "Alliance Coordinator", model.RoleAdmin,
				"Coordinates the alliance's working groups and its challenge board."},
		},
		articles: []article{
			{"mariam", "The alliance challenge board is open",
				"Every challenge that members post on their own nodes now appears on the alliance hub, with " +
					"endorsements counted across all members.\n\n" +
					"The board answers one question: *what is stopping us making faster progress to protect " +
					"children from sexual exploitation and abuse online?* Endorse the challenges your organisation " +
					"shares, and join the discussion where you can help.",
				"alliance, challenges"},
		},
	},
}

var threads = []thread{
	{"age-assurance", keyAgency, "policy", "hana", model.KindChallenge, "regulation",
		"Age-assurance rules differ in every jurisdiction",
		"Services that operate in many countries face different, and sometimes conflicting, age-assurance " +
			"requirements. Some regulators ask for age estimation, others for verification, others only for " +
			"self-declaration with safeguards.\n\n" +
			"The result is slow adoption and a patchy experience for children. **What would a common baseline look " +
			"like, and who should convene it?**"},
	{"transparency-metrics", keyAgency, "policy", "sofia", model.KindDiscussion, "",
		"What should transparency reports measure?",
		"Our draft guidance asks services to publish the time taken to act on reports, the share of decisions " +
			"reviewed on appeal, and the reach of prevention features.\n\n" +
			"Which of these would actually help you, and what is missing? Researchers' views especially welcome."},
	{"evidence-requests", keyAgency, "enforcement", "rawiri", model.KindChallenge, "enforcement",
		"Cross-border evidence requests take months",
		"Requests for subscriber data that go through mutual legal assistance still take many months on average. " +
			"By then the data may be gone and the investigation stalled.\n\n" +
			"What practical steps — points of contact, standard forms, preservation requests — have shortened this " +
			"for you?"},
	{"encrypted-messaging", keyCompany, "safety_by_design", "lea", model.KindChallenge, "technology",
		"Protecting children in end-to-end encrypted messaging",
		"As more messaging becomes end-to-end encrypted, server-side detection sees less. We want to keep " +
			"children safe without weakening encryption for everyone.\n\n" +
			"Options we are studying: easier in-app reporting that shares the reported messages with consent, " +
			"safety prompts for teens, and limits on contact from unknown adults. What evidence do others have on " +
			"what works?"},
	{"teen-defaults", keyCompany, "safety_by_design", "jonas", model.KindDiscussion, "",
		"Default settings for teen accounts: what worked for us",
		"A year ago we made teen accounts private by default and limited messages from adults they do not " +
			"follow. Reports of unwanted contact from teens fell, and most teens kept the settings.\n\n" +
			"We are happy to share the method. Has anyone measured the same change on a different kind of service?"},
	{"report-taxonomy", keyCompany, "detection", "amir", model.KindChallenge, "data-and-research",
		"No shared taxonomy for reports across platforms",
		"Each platform labels user reports differently, so figures added up across services mean little, and " +
			"hotlines receive referrals in a dozen formats.\n\n" +
			"Could the alliance agree a minimal shared taxonomy, with a mapping from each member's own categories?"},
	{"early-prevention", keySociety, "prevention", "achieng", model.KindChallenge, "prevention",
		"Prevention education reaches children too late",
		"Most school programmes on online safety start at twelve or thirteen, but many children have their " +
			"own device years earlier.\n\n" +
			"How have others reached younger children and their parents — through schools, health visits, " +
			"or the devices themselves?"},
	{"helpline-referrals", keySociety, "support", "otieno", model.KindChallenge, "survivor-support",
		"Helplines cannot follow up on platform reports",
		"When a child or parent reports to a platform and then calls our helpline, we cannot find out what " +
			"happened to the report, so we cannot tell them what to expect.\n\n" +
			"Could services offer helplines a consent-based way to ask about the status of a report?"},
	{"youth-design", keySociety, "youth_voice", "wanjiru", model.KindDiscussion, "",
		"Involving young people in designing safety features",
		"Our youth panel reviewed the reporting flows of three popular apps. The buttons were hard to find " +
			"and nobody knew what would happen next.\n\n" +
			"Which services have worked with young people on design, and what did they change as a result?"},
}

var replies = []reply{
	// On the Authority's node.
	{"aa-rawiri", keyAgency, "rawiri", "age-assurance", "",
		"We are mapping the requirements of the twelve jurisdictions we talk to most. A first table should be ready for the alliance next month."},
	{"aa-jonas", keyCompany, "jonas", "age-assurance", "",
		"From a platform's side: a common baseline matters less than **interoperable signals**. If a regulator " +
			"accepted an age signal checked by another trusted service, users would not have to prove their age again in every app."},
	{"aa-hana", keyAgency, "hana", "age-assurance", "aa-jonas",
		"That is a useful distinction. Would Northwind join a small working group on what such a signal would need to carry?"},
	{"tm-amir", keyCompany, "amir", "transparency-metrics", "",
		"Time to action is useful, but only with the volume beside it. We would also suggest reporting how many reports were made by children themselves."},
	{"er-wanjiru", keySociety, "wanjiru", "evidence-requests", "",
		"For our helpline referrals, a single named point of contact at each service made the biggest difference. Standard forms came second."},
	// On Northwind Social's node.
	{"tx-sofia", keyAgency, "sofia", "report-taxonomy", "",
		"If the alliance agrees a taxonomy, we would reference it in our transparency guidance, so that reports from different services can be compared."},
	{"td-achieng", keySociety, "achieng", "teen-defaults", "",
		"Our youth panel liked private-by-default, but asked that teens be told *why* a setting is on, in plain words, when they first see it."},
	// On the Safe Childhood Network's node.
	{"ep-wanjiru", keySociety, "wanjiru", "early-prevention", "",
		"Some of our partners now reach parents at child health clinics, when they ask about a first phone. It is early, but promising."},
	{"hr-lea", keyCompany, "lea", "helpline-referrals", "",
		"We could pilot this: a helpline sends a reference the user gives them, with the user's consent, and gets back the status of the report — never its content."},
	{"hr-otieno", keySociety, "otieno", "helpline-referrals", "hr-lea",
		"That would meet most of our needs. We will draft the consent wording with our youth panel."},
	{"ep-mariam", keyHub, "mariam", "early-prevention", "",
		"Several alliance members have asked the same question. The secretariat will collect their programmes for younger children in one place."},
}

var endorsements = []endorsement{
	{keyAgency, "rawiri", "age-assurance"},
	{keyCompany, "jonas", "age-assurance"},
	{keySociety, "wanjiru", "evidence-requests"},
	{keyAgency, "sofia", "report-taxonomy"},
	{keySociety, "achieng", "encrypted-messaging"},
	{keyCompany, "lea", "helpline-referrals"},
	{keySociety, "otieno", "early-prevention"},
	{keyHub, "mariam", "early-prevention"},
	{keyHub, "mariam", "report-taxonomy"},
}

var statusChanges = []statusChange{
	{"helpline-referrals", model.StatusSolutionProposed},
}
